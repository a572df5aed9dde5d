package io.prescale.collector.lambda;

/** A request that cannot be read as a whole: too large once inflated, or not the expected shape. */
public final class LambdaDecodeException extends RuntimeException {
  private static final long serialVersionUID = 1L;
  private final boolean tooLarge;

  LambdaDecodeException(boolean tooLarge, String message) {
    super(message, null, false, false);
    this.tooLarge = tooLarge;
  }

  static LambdaDecodeException tooLarge(String message) {
    return new LambdaDecodeException(true, message);
  }

  static LambdaDecodeException malformed(String message) {
    return new LambdaDecodeException(false, message);
  }

  /** The request (its records once inflated) passes the body limit: answer 413. */
  public boolean tooLarge() {
    return tooLarge;
  }
}
