package io.prescale.collector.window;

/**
 * Additions that stop at the type's bound instead of wrapping: totals since first seen only grow,
 * and a total that wrapped negative would break every reader (Prometheus counters refuse negative
 * values, the snapshot refuses negative totals).
 */
public final class Saturating {
  private Saturating() {}

  /** {@code a + b}, clamped to {@code [0; Long.MAX_VALUE]}; a negative {@code b} counts as 0. */
  public static long add(long a, long b) {
    if (b <= 0) {
      return Math.max(0, a);
    }
    long r = a + b;
    return r < a ? Long.MAX_VALUE : Math.max(0, r);
  }

  /**
   * {@code a + b} for finite non-negative sums: at most {@link Double#MAX_VALUE}, never infinite.
   */
  public static double add(double a, double b) {
    double r = a + b;
    return Double.isFinite(r) ? r : Double.MAX_VALUE;
  }
}
