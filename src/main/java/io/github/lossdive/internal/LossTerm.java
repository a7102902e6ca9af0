package io.github.lossdive.internal;

/**
 * One row's contribution to a loss, filled in by a {@link RowLoss}.
 *
 * <p>Mutable on purpose: the aggregation reuses one term from row to row, so that its inner loop
 * allocates nothing (a new immutable term per row was the single largest cost in profiles).
 * A term is never shared between threads.
 *
 * <p>After {@link #set}: {@code value} is the row's loss as torch reports it with
 * {@code reduction='none'} (class weights included, sample weight not); {@code weight} is the row's
 * share of the mean's denominator (1 for most losses, the target's class weight for weighted
 * cross-entropy and NLL, the number of elements for element means); {@code width} is the length of
 * the prediction vector, 0 for a scalar prediction. After {@link #ignore}: the row's target was
 * {@code ignoreIndex}; it adds nothing and is counted.
 */
public final class LossTerm {
  private double value;
  private double weight;
  private int width;
  private boolean ignored;

  /** Records a contributing row. */
  public void set(double value, double weight, int width) {
    this.value = value;
    this.weight = weight;
    this.width = width;
    this.ignored = false;
  }

  /** Records a row left out because its target equals {@code ignoreIndex}. */
  public void ignore() {
    set(0.0, 0.0, 0);
    ignored = true;
  }

  public double value() {
    return value;
  }

  public double weight() {
    return weight;
  }

  public int width() {
    return width;
  }

  public boolean ignored() {
    return ignored;
  }
}
