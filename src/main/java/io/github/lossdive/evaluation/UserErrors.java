package io.github.lossdive.evaluation;

/**
 * Recovers the user's error from a failed Spark job: an invalid row throws an
 * {@link IllegalArgumentException} on an executor, which reaches the driver wrapped in one or more
 * {@code SparkException}s ("Job aborted due to stage failure", "User defined function failed").
 */
final class UserErrors {
  private UserErrors() {}

  /** The first {@code IllegalArgumentException} in the cause chain, else {@code e} itself. */
  static RuntimeException unwrap(RuntimeException e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IllegalArgumentException iae) {
        return new IllegalArgumentException(iae.getMessage(), e);
      }
    }
    return e;
  }
}
