package io.github.lossdive.internal.compat;

import java.io.Serializable;
import java.util.List;
import org.apache.spark.sql.catalyst.expressions.AttributeReference;
import org.apache.spark.sql.catalyst.expressions.Expression;
import org.apache.spark.sql.catalyst.expressions.NamedExpression;
import org.apache.spark.sql.catalyst.expressions.aggregate.DeclarativeAggregate;
import org.apache.spark.sql.catalyst.expressions.codegen.Block;
import org.apache.spark.sql.catalyst.expressions.codegen.CodeBlock;
import org.apache.spark.sql.catalyst.expressions.codegen.JavaCode;
import org.apache.spark.sql.types.StructField;
import scala.collection.IndexedSeq;
import scala.collection.JavaConverters;
import scala.collection.Seq;

/**
 * A {@code DeclarativeAggregate} written with Java lists: Scala 2.12's collection types (this file,
 * {@code src/main/scala-2.12}, profile {@code scala-2.12}); {@code src/main/scala-2.13} has 2.13's.
 */
public abstract class AggregateBase extends DeclarativeAggregate implements Serializable {
  private static final long serialVersionUID = 1L;

  /** The child expressions, in order. */
  protected abstract List<Expression> childList();

  /** A copy of this aggregate with new children, in the same order. */
  protected abstract Expression withChildList(List<Expression> children);

  /** The buffer's attributes: the same instances on every call. */
  protected abstract List<AttributeReference> bufferAttributeList();

  protected abstract List<Expression> initialValueList();

  protected abstract List<Expression> updateList();

  protected abstract List<Expression> mergeList();

  /** The other side of a merge: {@link #bufferAttributeList()}'s new instances, as Spark made them. */
  protected final List<AttributeReference> inputBufferAttributeList() {
    return JavaConverters.seqAsJavaList(inputAggBufferAttributes());
  }

  /** A buffer attribute for {@code field}. */
  protected static AttributeReference attribute(StructField field) {
    return new AttributeReference(field.name(), field.dataType(), field.nullable(), field.metadata(),
        NamedExpression.newExprId(), JavaConverters.asScalaBuffer(List.<String>of()).toList());
  }

  /** A Scala list of {@code list}'s elements, for Catalyst methods that take a {@code Seq}. */
  public static <T> scala.collection.immutable.List<T> scalaList(List<T> list) {
    return JavaConverters.asScalaBuffer(list).toList();
  }

  /** Generated Java code as a block. */
  public static Block block(String code) {
    return new CodeBlock(JavaConverters.asScalaBuffer(List.of(code)).toList(),
        JavaConverters.asScalaBuffer(List.<JavaCode>of()).toList());
  }

  @Override
  public Seq<Expression> children() {
    return JavaConverters.asScalaBuffer(childList()).toList();
  }

  @Override
  public Expression withNewChildrenInternal(IndexedSeq<Expression> children) {
    return withChildList(JavaConverters.seqAsJavaList(children));
  }

  @Override
  public Seq<AttributeReference> aggBufferAttributes() {
    return JavaConverters.asScalaBuffer(bufferAttributeList()).toList();
  }

  @Override
  public Seq<Expression> initialValues() {
    return JavaConverters.asScalaBuffer(initialValueList()).toList();
  }

  @Override
  public Seq<Expression> updateExpressions() {
    return JavaConverters.asScalaBuffer(updateList()).toList();
  }

  @Override
  public Seq<Expression> mergeExpressions() {
    return JavaConverters.asScalaBuffer(mergeList()).toList();
  }
}
