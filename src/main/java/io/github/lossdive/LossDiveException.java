package io.github.lossdive;

import java.util.Optional;

/**
 * A mistake of the caller that LossDive found: bad data or schema ({@link InvalidInputException})
 * or a param, option or combination of them that cannot be used ({@link InvalidArgumentException}).
 * The message names the column, value or option and the reason, in one line.
 *
 * <p>It is an {@link IllegalArgumentException}, as Spark ML's own checks throw, so code that
 * catches those keeps working. An invalid row met on an executor reaches the driver wrapped in
 * Spark's job failure; {@link #in(Throwable)} finds it there. Anything that is not a
 * {@code LossDiveException} is a failure of LossDive, Spark or the platform, not the caller's.
 */
public class LossDiveException extends IllegalArgumentException {
  private static final long serialVersionUID = 1L;

  /** Only the two kinds below exist: a caller's error is either about the input or the arguments. */
  LossDiveException(String message, Throwable cause) {
    super(message, cause);
  }

  /**
   * The first {@code LossDiveException} in {@code t}'s cause chain, {@code t} included: the
   * caller's mistake behind a failed Spark job, if it was one.
   */
  public static Optional<LossDiveException> in(Throwable t) {
    for (Throwable c = t; c != null; c = c.getCause()) {
      if (c instanceof LossDiveException e) {
        return Optional.of(e);
      }
      if (c.getCause() == c) {
        break;
      }
    }
    return Optional.empty();
  }
}
