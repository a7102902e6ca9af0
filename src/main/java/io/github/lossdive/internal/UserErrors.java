package io.github.lossdive.internal;

import io.github.lossdive.InvalidArgumentException;
import io.github.lossdive.InvalidInputException;
import io.github.lossdive.LossDiveException;
import java.util.Optional;

/**
 * Recovers the caller's error from a failed Spark job: an invalid row throws a
 * {@link LossDiveException} on an executor, which reaches the driver wrapped in one or more
 * {@code SparkException}s ("Job aborted due to stage failure"). Its type says whose mistake it is;
 * any other failure is left as it is.
 */
public final class UserErrors {
  private UserErrors() {}

  /**
   * Rethrows the caller's error found in {@code e} as the same kind of {@link LossDiveException}
   * (with the Spark failure as its cause), or {@code e} itself, checked or not, when there is none.
   */
  public static RuntimeException unwrap(Exception e) {
    Optional<LossDiveException> user = LossDiveException.in(e);
    if (user.isEmpty()) {
      return UserErrors.<RuntimeException>sneaky(e);
    }
    LossDiveException found = user.get();
    if (found == e) {
      return found;
    }
    return found instanceof InvalidInputException
        ? new InvalidInputException(found.getMessage(), e)
        : new InvalidArgumentException(found.getMessage(), e);
  }

  /** Spark's Scala code throws the checked {@code SparkException} undeclared; so do we. */
  @SuppressWarnings("unchecked")
  private static <T extends Exception> T sneaky(Exception e) throws T {
    throw (T) e;
  }
}
