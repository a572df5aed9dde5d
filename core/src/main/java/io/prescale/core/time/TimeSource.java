package io.prescale.core.time;

import java.time.Instant;
import java.time.InstantSource;

/**
 * Wall time for timestamps and a monotonic source for durations. Deciding code and tests never call
 * {@code Instant.now()} or {@code System.currentTimeMillis()}: they get one of these.
 */
public interface TimeSource extends InstantSource {

  /** Monotonic nanoseconds for measuring durations; unrelated to wall time. */
  long nanoTime();

  /** Wall time in nanoseconds since the Unix epoch. */
  default long epochNanos() {
    Instant now = instant();
    return EpochNanos.of(now);
  }

  /** The machine's clocks. */
  static TimeSource system() {
    return SystemTimeSource.INSTANCE;
  }
}
