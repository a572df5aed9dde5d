package io.prescale.policy;

import io.prescale.core.time.Durations;
import java.time.Duration;

/**
 * An allowed interval of numbers (durations in nanoseconds), printed as Knative prints ranges:
 * {@code [0; 1]}, {@code (0; 1]}, {@code (1; inf)}.
 */
record Range(double low, boolean lowIncluded, double high, boolean highIncluded, boolean duration) {
  static final double INF = Double.POSITIVE_INFINITY;

  static Range closed(double low, double high) {
    return new Range(low, true, high, true, false);
  }

  static Range of(double low, boolean lowIncluded, double high, boolean highIncluded) {
    return new Range(low, lowIncluded, high, highIncluded, false);
  }

  static Range durations(Duration low, boolean lowIncluded, Duration high) {
    return new Range(low.toNanos(), lowIncluded, high.toNanos(), true, true);
  }

  boolean contains(double v) {
    boolean aboveLow = lowIncluded ? v >= low : v > low;
    boolean belowHigh = highIncluded ? v <= high : v < high;
    return aboveLow && belowHigh;
  }

  /**
   * In nanoseconds as a double: no overflow for durations past 292 years (toNanos() would throw).
   */
  boolean contains(Duration d) {
    return contains(d.getSeconds() * 1e9 + d.getNano());
  }

  @Override
  public String toString() {
    return (lowIncluded ? "[" : "(") + bound(low) + "; " + bound(high) + (highIncluded ? "]" : ")");
  }

  private String bound(double v) {
    if (Double.isInfinite(v)) {
      return "inf";
    }
    if (duration) {
      return Durations.format(Duration.ofNanos((long) v));
    }
    return number(v);
  }

  /** {@code 1} for 1.0, {@code 0.7} for 0.7. */
  static String number(double v) {
    if (v == Math.rint(v) && Math.abs(v) < 1e15) {
      return Long.toString((long) v);
    }
    return Double.toString(v);
  }
}
