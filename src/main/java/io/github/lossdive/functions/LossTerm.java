package io.github.lossdive.functions;

import java.io.Serializable;

/**
 * One row's contribution to a loss.
 *
 * @param value the row's loss as torch reports it with {@code reduction='none'} (class weights
 *     included, sample weight not)
 * @param weight the row's share of the mean's denominator: 1 for most losses, the target's class
 *     weight for weighted cross-entropy and NLL, the number of elements for element means
 * @param width the length of the prediction vector, or 0 for a scalar prediction; every row of one
 *     dataset must have the same width
 * @param ignored true for a row whose target is {@code ignoreIndex}: it adds nothing and is counted
 */
public record LossTerm(double value, double weight, int width, boolean ignored)
    implements Serializable {

  /** A row left out because its target equals {@code ignoreIndex}. */
  public static final LossTerm IGNORED = new LossTerm(0.0, 0.0, 0, true);

  /** A row with loss {@code value}, denominator share {@code weight} and prediction width. */
  public static LossTerm of(double value, double weight, int width) {
    return new LossTerm(value, weight, width, false);
  }
}
