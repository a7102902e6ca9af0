package io.github.lossdive.internal;

/**
 * A job that runs one metric on two models' outputs over the same rows: the candidate's job
 * ({@code predictionCol}) and the same job on a baseline's column. It reads the candidate's
 * weight, label and prediction, the baseline's prediction, then the candidate's second input (null
 * for most losses), which both models share; its result is {@link PairedPlan#RESULT_TYPE}.
 */
interface PairedJob extends LossJob {
  /** The candidate's own job. */
  LossJob candidateJob();

  /** The baseline model's prediction column, of the same kind as the candidate's. */
  String baselineCol();

  @Override
  default String name() {
    return candidateJob().name() + "_comparison";
  }

  @Override
  default String[] columns() {
    String[] c = candidateJob().columns();
    return new String[] {c[0], c[1], c[2], baselineCol(), c.length > 3 ? c[3] : null};
  }
}
