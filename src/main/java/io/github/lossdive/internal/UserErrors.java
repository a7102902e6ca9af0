package io.github.lossdive.internal;

import java.util.Optional;

/**
 * Recovers the user's error from a failed Spark job: an invalid row throws an
 * {@link IllegalArgumentException} on an executor, which reaches the driver wrapped in one or more
 * {@code SparkException}s ("Job aborted due to stage failure", "User defined function failed").
 *
 * <p>Only an {@code IllegalArgumentException} that LossDive itself threw (a rule it checks:
 * arguments, schema, data) counts as the user's error; one thrown by Spark or a library is an
 * internal failure and is left as it is, so that it is not reported as "your mistake".
 */
public final class UserErrors {
  private UserErrors() {}

  /** The first {@code IllegalArgumentException} that LossDive threw in {@code t}'s cause chain, if any. */
  public static Optional<IllegalArgumentException> find(Throwable t) {
    for (; t != null; t = t.getCause()) {
      if (t instanceof IllegalArgumentException iae && thrownByLossDive(iae)) {
        return Optional.of(iae);
      }
    }
    return Optional.empty();
  }

  /** Whether the exception was made in LossDive's code: the top frame of its stack trace. */
  private static boolean thrownByLossDive(Throwable t) {
    StackTraceElement[] stack = t.getStackTrace();
    return stack.length > 0 && stack[0].getClassName().startsWith("io.github.lossdive.");
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
