/**
 * The per-row loss formulas as plain static Java, each with its reference (torch, scikit-learn,
 * TorchMetrics, MONAI, Keras) in its Javadoc, testable without Spark. Not API: public only because
 * the evaluators in another package call them; they may change in any release. Use the evaluators.
 */
package io.github.lossdive.loss;
