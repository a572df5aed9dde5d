package io.prescale.autoscaler.baseline;

/**
 * A controller's own evaluation period on top of the 2 s decision tick: due at the first call, then
 * every {@code period} on average (the next due time advances by exactly one period, so a 15 s
 * period over 2 s ticks evaluates at 0, 16, 30, 46, 60 s...; after a gap longer than one period it
 * restarts from the call).
 */
final class Cadence {
  private long nextDueNanos = Long.MIN_VALUE;

  /** Whether an evaluation is due at {@code nowNanos}; if so, schedules the next one. */
  boolean due(long nowNanos, long periodNanos) {
    if (nextDueNanos != Long.MIN_VALUE && nowNanos < nextDueNanos) {
      return false;
    }
    long next =
        nextDueNanos == Long.MIN_VALUE ? nowNanos + periodNanos : nextDueNanos + periodNanos;
    nextDueNanos = next <= nowNanos ? nowNanos + periodNanos : next;
    return true;
  }
}
