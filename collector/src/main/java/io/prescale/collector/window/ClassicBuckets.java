package io.prescale.collector.window;

/**
 * Fixed Prometheus classic bucket bounds for invocation durations, seconds. Classic buckets because
 * native histograms collapse to {@code +Inf} in the text exposition (OTLP.md trap 6).
 */
public final class ClassicBuckets {
  private static final double[] BOUNDS = {
    0.005,
    0.01,
    0.025,
    0.05,
    0.1,
    0.25,
    0.5,
    1,
    2.5,
    5,
    10,
    30,
    60,
    120,
    300,
    900,
    Double.POSITIVE_INFINITY
  };

  private ClassicBuckets() {}

  /** Upper bounds, the last is {@code +Inf}; a copy. */
  public static double[] upperBounds() {
    return BOUNDS.clone();
  }

  public static int count() {
    return BOUNDS.length;
  }

  /** Index of the first bucket whose upper bound is {@code >= seconds}. */
  static int indexOf(double seconds) {
    int i = 0;
    while (seconds > BOUNDS[i]) {
      i++;
    }
    return i;
  }
}
