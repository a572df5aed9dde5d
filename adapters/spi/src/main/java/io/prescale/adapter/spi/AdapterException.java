package io.prescale.adapter.spi;

import java.time.Duration;
import java.util.Optional;

/**
 * A failed call to a target, classified so the engine knows what to do: retry with backoff
 * (TIMEOUT, CONNECTION, SERVER_ERROR), wait at least {@link #retryAfter()} (THROTTLED), re-read
 * then retry (CONFLICT), or give up (REJECTED).
 */
public final class AdapterException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  public enum Kind {
    TIMEOUT,
    CONNECTION,
    SERVER_ERROR,
    THROTTLED,
    CONFLICT,
    REJECTED
  }

  private final Kind kind;
  private final int status;
  private final Duration retryAfter;

  public AdapterException(
      Kind kind, int status, Duration retryAfter, String message, Throwable cause) {
    super(message, cause);
    this.kind = kind;
    this.status = status;
    this.retryAfter = retryAfter;
  }

  public AdapterException(Kind kind, String message) {
    this(kind, 0, null, message, null);
  }

  /**
   * Classifies an HTTP status: 409 conflict, 429 throttled, 408 timeout, 5xx server error
   * (throttled when it carries a Retry-After), any other 4xx rejected.
   */
  public static AdapterException forStatus(int status, Duration retryAfter, String message) {
    Kind kind;
    if (status == 409) {
      kind = Kind.CONFLICT;
    } else if (status == 429) {
      kind = Kind.THROTTLED;
    } else if (status == 408) {
      kind = Kind.TIMEOUT;
    } else if (status >= 500) {
      kind = retryAfter != null ? Kind.THROTTLED : Kind.SERVER_ERROR;
    } else {
      kind = Kind.REJECTED;
    }
    return new AdapterException(kind, status, retryAfter, "HTTP " + status + ": " + message, null);
  }

  public Kind kind() {
    return kind;
  }

  /** HTTP status, 0 when there was none. */
  public int status() {
    return status;
  }

  public Optional<Duration> retryAfter() {
    return Optional.ofNullable(retryAfter);
  }

  public boolean retryable() {
    return kind != Kind.REJECTED;
  }
}
