/**
 * LossDive's engine. Not API: its types are public only because other LossDive packages (and
 * Catalyst, which copies {@link io.github.lossdive.internal.LossAggregate} through its
 * constructor) need them; they may change in any release. The supported API is what
 * {@code src/test/resources/api/lossdive-spark.api} lists, and no supported signature names a type
 * of this package.
 *
 * <p>One accumulator ({@link io.github.lossdive.internal.LossAccumulator}) holds a loss's state;
 * a job ({@link io.github.lossdive.internal.LossJob}: {@link io.github.lossdive.internal.LossPlan}
 * for a mean of per-row losses, {@link io.github.lossdive.internal.PairedPlan} for two models over
 * the same rows, {@link io.github.lossdive.internal.BinnedPlan} for the calibration error) folds a
 * row into accumulators; three thin drivers run jobs, each folding a row through one
 * {@link io.github.lossdive.internal.RowFold}: {@link io.github.lossdive.internal.LossAggregate}
 * inside Spark's aggregation, {@link io.github.lossdive.internal.LossPass} as one stage, and
 * {@link io.github.lossdive.internal.GroupedLossPass} as one stage into per-group accumulators.
 * Evaluators keep their job package-private; {@link io.github.lossdive.internal.Engine} reaches it.
 */
package io.github.lossdive.internal;
