package io.prescale.core.time;

import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * A clock that moves only when told: the simulator's virtual clock and the tests' clock. Wall and
 * monotonic time advance together. Thread-safe.
 */
public final class ManualTimeSource implements TimeSource {
  private final long originEpochNanos;
  private volatile long elapsedNanos;

  public ManualTimeSource(Instant start) {
    Objects.requireNonNull(start, "start");
    this.originEpochNanos = EpochNanos.of(start);
  }

  @Override
  public Instant instant() {
    long now = originEpochNanos + elapsedNanos;
    return EpochNanos.toInstant(now);
  }

  @Override
  public long epochNanos() {
    return originEpochNanos + elapsedNanos;
  }

  @Override
  public long nanoTime() {
    return elapsedNanos;
  }

  /** Moves time forward; a negative step is refused. */
  public synchronized void advance(Duration step) {
    long nanos = step.toNanos();
    if (nanos < 0) {
      throw new IllegalArgumentException("step = " + step + ", must be >= 0");
    }
    elapsedNanos += nanos;
  }

  /** Sets wall time to {@code epochNanos}; it may not move backwards. */
  public synchronized void setEpochNanos(long epochNanos) {
    long elapsed = epochNanos - originEpochNanos;
    if (elapsed < elapsedNanos) {
      throw new IllegalArgumentException(
          "time " + epochNanos + " is before the current time " + epochNanos());
    }
    elapsedNanos = elapsed;
  }
}
