package io.prescale.core.time;

import java.time.Duration;
import java.time.Instant;

/**
 * The one place that converts between Prescale's hot-path time, nanoseconds since the epoch (as
 * OpenTelemetry carries it), and the other forms that remain at the edges: {@link Instant} at API
 * boundaries, whole epoch seconds (the collector's buckets), {@code double} seconds (models).
 */
public final class EpochNanos {
  /** Nanoseconds in a second. */
  public static final long PER_SECOND = 1_000_000_000L;

  private EpochNanos() {}

  /**
   * {@code t} in nanoseconds since the epoch; throws {@link ArithmeticException} past the year
   * 2262.
   */
  public static long of(Instant t) {
    return Math.addExact(Math.multiplyExact(t.getEpochSecond(), PER_SECOND), t.getNano());
  }

  /** The instant {@code epochNanos} stands for. */
  public static Instant toInstant(long epochNanos) {
    return Instant.ofEpochSecond(
        Math.floorDiv(epochNanos, PER_SECOND), Math.floorMod(epochNanos, PER_SECOND));
  }

  /** The whole epoch second {@code epochNanos} falls in (rounded down, also before 1970). */
  public static long second(long epochNanos) {
    return Math.floorDiv(epochNanos, PER_SECOND);
  }

  /** Nanoseconds in a millisecond. */
  public static final long PER_MILLI = 1_000_000L;

  /** The last epoch millisecond that fits in epoch nanoseconds (in the year 2262). */
  public static final long MAX_MILLI = Long.MAX_VALUE / PER_MILLI;

  /**
   * Epoch milliseconds (as REST APIs such as OpenWhisk's carry time) in nanoseconds; throws {@link
   * ArithmeticException} past {@link #MAX_MILLI}.
   */
  public static long ofMilli(long epochMillis) {
    return Math.multiplyExact(epochMillis, PER_MILLI);
  }

  /** The whole epoch millisecond {@code epochNanos} falls in (rounded down). */
  public static long milli(long epochNanos) {
    return Math.floorDiv(epochNanos, PER_MILLI);
  }

  /** The start of epoch second {@code second}, nanoseconds. */
  public static long ofSecond(long second) {
    return Math.multiplyExact(second, PER_SECOND);
  }

  /**
   * {@code d} in seconds. For a whole number of milliseconds this is exactly {@code d.toMillis() /
   * 1000.0} (both are the correctly rounded quotient of the same rational).
   */
  public static double seconds(Duration d) {
    long s = d.getSeconds();
    if (Math.abs(s) < 9_000_000_000L) {
      return d.toNanos() / 1e9;
    }
    return s + d.getNano() / 1e9;
  }
}
