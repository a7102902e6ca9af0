package io.github.lossdive.evaluation;

/**
 * Recovers the user's error from a failed Spark job: an invalid row throws an
 * {@link IllegalArgumentException} on an executor, which reaches the driver wrapped in one or more
 * {@code SparkException}s ("Job aborted due to stage failure", "User defined function failed").
 */
final class UserErrors {
  private UserErrors() {}

  /**
   * Rethrows the first {@code IllegalArgumentException} in the cause chain (with the Spark failure
   * as its cause), or {@code e} itself, checked or not, when there is none.
   */
  static RuntimeException unwrap(Exception e) {
    for (Throwable t = e; t != null; t = t.getCause()) {
      if (t instanceof IllegalArgumentException iae) {
        return new IllegalArgumentException(iae.getMessage(), e);
      }
    }
    return UserErrors.<RuntimeException>sneaky(e);
  }

  /** Spark's Scala code throws the checked {@code SparkException} undeclared; so do we. */
  @SuppressWarnings("unchecked")
  private static <T extends Exception> T sneaky(Exception e) throws T {
    throw (T) e;
  }
}
