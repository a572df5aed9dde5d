package io.prescale.simulator.trace;

import java.util.Arrays;

/**
 * Execution durations drawn by piecewise-linear inverse CDF from a percentile table (the Azure 2019
 * {@code percentile_Average_P} columns), or a constant.
 */
public final class DurationDistribution {
  private final double[] probs;
  private final double[] millis;

  /** Milliseconds per unit of probability in each segment. */
  private final double[] slope;

  private DurationDistribution(double[] probs, double[] millis) {
    this.probs = probs;
    this.millis = millis;
    this.slope = new double[probs.length];
    for (int i = 1; i < probs.length; i++) {
      slope[i] = (millis[i] - millis[i - 1]) / (probs[i] - probs[i - 1]);
    }
  }

  /** A constant duration. */
  public static DurationDistribution constant(double millis) {
    if (!(millis >= 0)) {
      throw new IllegalArgumentException("duration = " + millis + " ms, must be >= 0");
    }
    return new DurationDistribution(new double[] {0, 1}, new double[] {millis, millis});
  }

  /**
   * From percentile points: {@code probs} strictly increasing in [0, 1] starting at 0 and ending at
   * 1, values in milliseconds. Values that decrease (rounding in the source) are raised to the
   * running maximum so the inverse CDF stays monotone.
   */
  public static DurationDistribution ofPercentiles(double[] probs, double[] millis) {
    if (probs.length != millis.length || probs.length < 2) {
      throw new IllegalArgumentException(
          "need >= 2 percentile points of equal length, got "
              + probs.length
              + " and "
              + millis.length);
    }
    if (probs[0] != 0 || probs[probs.length - 1] != 1) {
      throw new IllegalArgumentException(
          "percentiles must start at 0 and end at 100, got " + Arrays.toString(probs));
    }
    double[] m = millis.clone();
    for (int i = 0; i < m.length; i++) {
      if (!(m[i] >= 0)) {
        throw new IllegalArgumentException(
            "duration percentile " + probs[i] * 100 + " = " + m[i] + " ms, must be >= 0");
      }
      if (i > 0) {
        if (!(probs[i] > probs[i - 1])) {
          throw new IllegalArgumentException(
              "percentiles must increase, got " + Arrays.toString(probs));
        }
        m[i] = Math.max(m[i], m[i - 1]);
      }
    }
    return new DurationDistribution(probs.clone(), m);
  }

  /** Inverse CDF at {@code u} in [0, 1], milliseconds. */
  public double quantileMillis(double u) {
    // the segment [probs[i - 1], probs[i]) holding u (the last one from its start on): probs
    // increase, so i - 1 is how many inner points are <= u; counted without branching on u
    int i = 1;
    for (int k = 1, last = probs.length - 1; k < last; k++) {
      i += u >= probs[k] ? 1 : 0;
    }
    double v = millis[i - 1] + (u - probs[i - 1]) * slope[i];
    return v < millis[i - 1] ? millis[i - 1] : Math.min(v, millis[i]);
  }

  /** Inverse CDF at {@code u}, nanoseconds. */
  public long sampleNanos(double u) {
    return (long) (quantileMillis(u) * 1_000_000.0);
  }
}
