package io.prescale.collector.otlp;

/** The client sent something that cannot be decoded: answered 400 / INVALID_ARGUMENT. */
final class MalformedRequestException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  MalformedRequestException(String message) {
    super(message, null, false, false);
  }
}
