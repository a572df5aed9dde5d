package io.prescale.autoscaler.forecast;

import java.util.Arrays;
import java.util.function.IntToDoubleFunction;

/**
 * The price of a cold start at which holding an idle instance only at a gap histogram's likeliest
 * idle ages spends what a fixed keep-alive spends: bins are bought in decreasing hazard until
 * {@code integral_0^keepAlive S(t) dt} is spent, and the price is the inverse hazard of the last
 * bin bought. Shared by {@link IdleTimeModel} (one instance) and {@link LevelIdleModel} (one per
 * concurrency level); mass is uniform inside a bin.
 */
final class KeepAliveBudget {
  private static final long INDEX_MASK = 0x3FFL;

  private KeepAliveBudget() {}

  /**
   * @param edges bin edges in seconds, {@code edges[b]} to {@code edges[b + 1]} (at most 1024 bins)
   * @param counts (decayed) gaps per bin
   * @param outOfRange gaps beyond the last edge
   * @param keepAlive the fixed keep-alive, seconds
   * @return the price in instance-seconds, NaN when no bin holds a gap or the keep-alive is not
   *     positive
   */
  static double price(double[] edges, double[] counts, double outOfRange, double keepAlive) {
    int bins = counts.length;
    if (edges.length != bins + 1 || bins > INDEX_MASK + 1) {
      throw new IllegalArgumentException(
          "edges = "
              + edges.length
              + " for "
              + bins
              + " bins, must be bins + 1 <= "
              + (INDEX_MASK + 2));
    }
    if (!(keepAlive > 0)) {
      return Double.NaN;
    }
    double[] spend = new double[bins];
    double above = outOfRange;
    for (int b = bins - 1; b >= 0; b--) {
      // instance-seconds an instance held through bin b costs: every gap still open at its
      // start pays the whole bin, those ending inside it half on average
      spend[b] = (edges[b + 1] - edges[b]) * (above + counts[b] / 2);
      above += counts[b];
    }
    // bins in decreasing hazard: keys are the (positive) hazard's bits with the bin index in the
    // low mantissa bits (a relative change below 1e-12), sorted as primitives
    long[] keys = new long[bins];
    double budget = 0;
    int n = 0;
    for (int b = 0; b < bins; b++) {
      double lo = edges[b];
      double hi = edges[b + 1];
      if (lo < keepAlive) {
        budget += spend[b] * (Math.min(hi, keepAlive) - lo) / (hi - lo);
      }
      if (counts[b] > 0 && spend[b] > 0) {
        keys[n++] = (Double.doubleToRawLongBits(counts[b] / spend[b]) & ~INDEX_MASK) | b;
      }
    }
    if (n == 0) {
      return Double.NaN;
    }
    Arrays.sort(keys, 0, n);
    double spent = 0;
    double marginal = Double.NaN;
    for (int i = n - 1; i >= 0; i--) {
      int b = (int) (keys[i] & INDEX_MASK);
      spent += spend[b];
      marginal = counts[b] / spend[b];
      if (spent >= budget) {
        break;
      }
    }
    return 1 / marginal;
  }

  /** Bin edges {@code lower(0) .. lower(bins)}. */
  static double[] edges(int bins, IntToDoubleFunction lower) {
    double[] e = new double[bins + 1];
    for (int b = 0; b <= bins; b++) {
      e[b] = lower.applyAsDouble(b);
    }
    return e;
  }
}
