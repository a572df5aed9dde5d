package io.prescale.adapter.engine;

/**
 * Per-target breaker: after {@code threshold} consecutive failures it opens for {@code openNanos};
 * then one trial call is let through (half-open); a success closes it, a failure opens it again.
 * Not thread-safe: the engine guards it.
 */
final class CircuitBreaker {
  enum State {
    CLOSED,
    OPEN,
    HALF_OPEN
  }

  private final int threshold;
  private final long openNanos;
  private int consecutiveFailures;
  private State state = State.CLOSED;
  private long openUntil;

  CircuitBreaker(int threshold, long openNanos) {
    this.threshold = threshold;
    this.openNanos = openNanos;
  }

  /** Whether a call may go out at {@code now}; moves OPEN to HALF_OPEN once the wait is over. */
  boolean allow(long now) {
    if (state == State.OPEN && now >= openUntil) {
      state = State.HALF_OPEN;
    }
    return state != State.OPEN;
  }

  /** Nanoseconds until calls are allowed again; 0 when they are. */
  long waitNanos(long now) {
    return state == State.OPEN ? Math.max(0, openUntil - now) : 0;
  }

  void onSuccess() {
    consecutiveFailures = 0;
    state = State.CLOSED;
  }

  /** Returns true when this failure opened the breaker. */
  boolean onFailure(long now) {
    consecutiveFailures++;
    if (state == State.HALF_OPEN || consecutiveFailures >= threshold) {
      boolean opened = state != State.OPEN;
      state = State.OPEN;
      openUntil = now + openNanos;
      return opened;
    }
    return false;
  }

  State state() {
    return state;
  }
}
