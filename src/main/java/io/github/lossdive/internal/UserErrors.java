package io.github.lossdive.internal;

import java.util.Optional;

/**
 * Recovers the user's error from a failed Spark job: an invalid row throws an
 * {@link IllegalArgumentException} on an executor, which reaches the driver wrapped in one or more
 * {@code SparkException}s ("Job aborted due to stage failure", "User defined function failed").
 */
public final class UserErrors {
  private UserErrors() {}

  /** The first {@code IllegalArgumentException} in {@code t}'s cause chain, if any. */
  public static Optional<IllegalArgumentException> find(Throwable t) {
    for (; t != null; t = t.getCause()) {
      if (t instanceof IllegalArgumentException iae) {
        return Optional.of(iae);
      }
    }
    return Optional.empty();
  }

  /**
   * Rethrows the user's {@code IllegalArgumentException} (with the Spark failure as its cause), or
   * {@code e} itself, checked or not, when there is none.
   */
  public static RuntimeException unwrap(Exception e) {
    Optional<IllegalArgumentException> user = find(e);
    if (user.isPresent()) {
      return user.get() == e
          ? (IllegalArgumentException) e
          : new IllegalArgumentException(user.get().getMessage(), e);
    }
    return UserErrors.<RuntimeException>sneaky(e);
  }

  /** Spark's Scala code throws the checked {@code SparkException} undeclared; so do we. */
  @SuppressWarnings("unchecked")
  private static <T extends Exception> T sneaky(Exception e) throws T {
    throw (T) e;
  }
}
