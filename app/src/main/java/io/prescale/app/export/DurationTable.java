package io.prescale.app.export;

import io.prescale.collector.window.DurationHistogram;
import io.prescale.collector.window.FunctionWindows;

/**
 * A function's recorded durations as the Azure 2019 percentile table ({@code percentile_Average_0,
 * 1, 25, 50, 75, 99, 100}, milliseconds): from the recent duration sketch (DDSketch, 1 % relative
 * accuracy) when it holds data, else from the cumulative classic histogram (linear within a bucket;
 * the open last bucket counts as its lower bound).
 */
final class DurationTable {
  static final int[] LEVELS = {0, 1, 25, 50, 75, 99, 100};

  private DurationTable() {}

  /** Milliseconds at each of {@link #LEVELS}, nondecreasing; null when nothing was recorded. */
  static double[] of(FunctionWindows w) {
    double[] ms = new double[LEVELS.length];
    synchronized (w) { // the sketch is read under the windows' lock, as every reader does
      for (int i = 0; i < LEVELS.length; i++) {
        ms[i] = w.durationSketch().quantile(LEVELS[i] / 100.0) * 1000;
      }
    }
    if (Double.isNaN(ms[0])) {
      DurationHistogram h = w.durationHistogram();
      if (h.count() == 0) {
        return null;
      }
      for (int i = 0; i < LEVELS.length; i++) {
        ms[i] = quantile(h, LEVELS[i] / 100.0) * 1000;
      }
    }
    for (int i = 1; i < ms.length; i++) {
      ms[i] = Math.max(ms[i], ms[i - 1]);
    }
    return ms;
  }

  /** Milliseconds at quantile {@code q} of {@code table}, linear between its levels. */
  static double at(double[] table, double q) {
    double p = q * 100;
    for (int i = 1; i < LEVELS.length; i++) {
      if (p <= LEVELS[i]) {
        double f = (p - LEVELS[i - 1]) / (LEVELS[i] - LEVELS[i - 1]);
        return table[i - 1] + f * (table[i] - table[i - 1]);
      }
    }
    return table[table.length - 1];
  }

  private static double quantile(DurationHistogram h, double q) {
    double[] bounds = h.upperBounds();
    long[] counts = h.counts();
    double target = q * h.count();
    long seen = 0;
    for (int i = 0; i < counts.length; i++) {
      double lower = i == 0 ? 0 : bounds[i - 1];
      if (counts[i] > 0 && seen + counts[i] >= target) {
        if (Double.isInfinite(bounds[i])) {
          return lower;
        }
        return lower + (bounds[i] - lower) * Math.max(0, target - seen) / counts[i];
      }
      seen += counts[i];
    }
    return bounds.length > 1 ? bounds[bounds.length - 2] : 0;
  }
}
