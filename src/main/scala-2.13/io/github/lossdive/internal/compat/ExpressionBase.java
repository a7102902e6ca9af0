package io.github.lossdive.internal.compat;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.catalyst.expressions.Expression;
import scala.collection.immutable.IndexedSeq;
import scala.collection.immutable.Seq;
import scala.jdk.javaapi.CollectionConverters;

/**
 * An {@code Expression} whose children are a Java list: Scala 2.13's collection types (this file,
 * {@code src/main/scala-2.13}); {@code src/main/scala-2.12} has 2.12's.
 */
public abstract class ExpressionBase extends Expression implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The child expressions, in order. */
  protected abstract List<Expression> childList();

  /** A copy of this expression with new children, in the same order. */
  protected abstract Expression withChildList(List<Expression> children);

  @Override
  public Seq<Expression> children() {
    return CollectionConverters.asScala(childList()).toList();
  }

  @Override
  public Expression withNewChildrenInternal(IndexedSeq<Expression> children) {
    return withChildList(CollectionConverters.asJava(children));
  }
}
