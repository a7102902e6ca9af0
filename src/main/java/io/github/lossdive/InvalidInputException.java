package io.github.lossdive;

/**
 * The data cannot be evaluated as asked: a missing column or one of the wrong type, an invalid
 * value in a row (null, NaN, out of range, lengths that differ), or no row left to evaluate.
 * Under {@code handleInvalid=skip} an invalid row is skipped and counted instead.
 */
public class InvalidInputException extends LossDiveException {
  private static final long serialVersionUID = 1L;

  public InvalidInputException(String message) {
    super(message, null);
  }

  /** The same error met inside a Spark job, with that job's failure as the cause. */
  public InvalidInputException(String message, Throwable cause) {
    super(message, cause);
  }
}
