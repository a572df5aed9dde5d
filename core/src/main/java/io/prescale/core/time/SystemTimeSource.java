package io.prescale.core.time;

import java.time.Clock;
import java.time.Instant;

/** The machine's wall clock and {@link System#nanoTime()}. */
final class SystemTimeSource implements TimeSource {
  static final SystemTimeSource INSTANCE = new SystemTimeSource();
  private final Clock clock = Clock.systemUTC();

  private SystemTimeSource() {}

  @Override
  public Instant instant() {
    return clock.instant();
  }

  @Override
  public long nanoTime() {
    return System.nanoTime();
  }
}
