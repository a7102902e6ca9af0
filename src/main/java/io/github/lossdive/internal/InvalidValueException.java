package io.github.lossdive.internal;

/**
 * An invalid value in one row: the only failure that {@code handleInvalid=skip} turns into a
 * skipped row. Any other {@link IllegalArgumentException} (a param that does not fit the data, say)
 * stops evaluation even under {@code skip}, because skipping every row would hide its cause.
 */
final class InvalidValueException extends io.github.lossdive.InvalidInputException {
  private static final long serialVersionUID = 1L;

  InvalidValueException(String message) {
    super(message);
  }
}
