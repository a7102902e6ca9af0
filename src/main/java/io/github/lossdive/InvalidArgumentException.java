package io.github.lossdive;

/**
 * A param, option or setting that cannot be used: an unknown loss or option, a value out of its
 * range, params that do not fit together or do not fit the data's shape.
 */
public class InvalidArgumentException extends LossDiveException {
  private static final long serialVersionUID = 1L;

  public InvalidArgumentException(String message) {
    super(message, null);
  }

  /** The same error met inside a Spark job, with that job's failure as the cause. */
  public InvalidArgumentException(String message, Throwable cause) {
    super(message, cause);
  }
}
