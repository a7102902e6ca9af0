package io.github.lossdive.evaluation;

import io.github.lossdive.internal.ColumnValue;
import io.github.lossdive.internal.LossTerm;
import io.github.lossdive.internal.RowLoss;
import io.github.lossdive.internal.RowValues;
import java.io.Serializable;

/**
 * The row loss of every loss that torch defines element by element and averages over all
 * elements ({@code reduction='mean'} divides by N·D): soft margin, hinge embedding, margin ranking,
 * Poisson and Gaussian NLL. Label and prediction are both numbers, or vectors of one width (and
 * so is the second input where the loss has one, or it is one number per row). A row's term is
 * the sum over its elements and its share of the mean is its width, 1 for numbers, so the mean
 * is torch's over every element of every row, and a sample weight weighs all of a row's elements.
 *
 * <p>Each input is checked element by element by its {@link Rule}, which names the column, the
 * value and the reason; the formula itself then sees only valid numbers.
 *
 * @param label the rule for the label (target)
 * @param prediction the rule for the prediction (torch's input)
 * @param second the rule for the second input, or null when the loss has none
 * @param secondPerRow whether the second input may be one number for a vector row (a variance
 *     per row, broadcast as torch does); otherwise it has the prediction's shape
 * @param formula the loss of one element
 */
record ElementwiseLoss(Rule label, Rule prediction, Rule second, boolean secondPerRow, Formula formula)
    implements RowLoss.OfThree {

  /** The loss of one element: the target, torch's input, and the second input (0 when there is none). */
  @FunctionalInterface
  interface Formula extends Serializable {
    double of(double target, double input, double second);

    /**
     * The sum of {@link #of} over a row's valid elements ({@code seconds} null: {@code perRow}
     * for every element). A formula overrides it where the row has a faster form of the same sum.
     */
    default double sum(double[] target, double[] input, double[] seconds, double perRow) {
      double sum = 0.0;
      for (int i = 0; i < input.length; i++) {
        sum += of(target[i], input[i], seconds == null ? perRow : seconds[i]);
      }
      return sum;
    }
  }

  /** What one element of an input must be. */
  enum Rule {
    /** Any finite number. */
    FINITE(null),
    /** −1 or +1, torch's labels for margin losses. */
    SIGN("not a ±1 label: expected -1 or +1"),
    /** A finite number, 0 or more: a count, a rate, a variance. */
    NON_NEGATIVE("negative: it must be 0 or more");

    private final String reason;

    Rule(String reason) {
      this.reason = reason;
    }

    /** {@code v} if it passes this rule; {@code shown} is what the message names (the element or its row). */
    double check(double v, Object shown, String column) {
      if (!Double.isFinite(v)) {
        throw RowValues.invalid(column, shown, shown instanceof double[] ? "it holds a NaN or infinite entry" : "not finite");
      }
      boolean ok = switch (this) {
        case FINITE -> true;
        case SIGN -> v == 1.0 || v == -1.0;
        case NON_NEGATIVE -> v >= 0.0;
      };
      if (!ok) {
        throw RowValues.invalid(column, shown, shown instanceof double[] ? "entry " + v + " is " + reason : reason);
      }
      return v;
    }
  }

  @Override
  public void apply(ColumnValue y, ColumnValue x, ColumnValue s, LossTerm out) {
    if (!x.isVector()) {
      double input = prediction.check(x.scalar(), x.scalar(), x.column());
      double target = label.check(y.scalar(), y.scalar(), y.column());
      out.set(formula.of(target, input, second == null ? 0.0 : scalar(s)), 1.0, 0);
      return;
    }
    double[] input = x.vector();
    double[] target = y.vector();
    RowValues.checkSameLength(target, input.length, y.column(), x.column());
    double[] seconds = null;
    double perRow = 0.0;
    if (second != null) {
      if (secondPerRow && !s.isVector()) {
        perRow = scalar(s);
      } else {
        seconds = s.vector();
        RowValues.checkSameLength(seconds, input.length, s.column(), x.column());
      }
    }
    for (int i = 0; i < input.length; i++) {
      prediction.check(input[i], input, x.column());
      label.check(target[i], target, y.column());
      if (seconds != null) {
        second.check(seconds[i], seconds, s.column());
      }
    }
    out.set(formula.sum(target, input, seconds, perRow), input.length, input.length);
  }

  private double scalar(ColumnValue s) {
    return second.check(s.scalar(), s.scalar(), s.column());
  }
}
