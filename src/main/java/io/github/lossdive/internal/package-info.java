/**
 * LossDive's engine: not API. Its types are public only where another LossDive package or Spark
 * needs them (Catalyst copies {@link io.github.lossdive.internal.LossAggregate} through its
 * constructor; evaluators in {@code evaluation} write their per-row losses against
 * {@link io.github.lossdive.internal.RowLoss}); they may change in any release.
 *
 * <p>One accumulator ({@link io.github.lossdive.internal.LossAccumulator}) holds a loss's state;
 * {@link io.github.lossdive.internal.LossPlan} holds the rules every loss shares (weights, invalid
 * rows, reduction); three thin drivers run it, each folding a row through one
 * {@link io.github.lossdive.internal.RowFold}: {@link io.github.lossdive.internal.LossAggregate}
 * inside Spark's aggregation, {@link io.github.lossdive.internal.LossPass} as one stage, and
 * {@link io.github.lossdive.internal.GroupedLossPass} as one stage into per-group accumulators.
 */
package io.github.lossdive.internal;
