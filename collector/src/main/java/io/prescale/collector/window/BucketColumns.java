package io.prescale.collector.window;

import io.prescale.collector.window.sealed.SealedSeries;

/**
 * A run of consecutive buckets as columns (absent buckets are zero).
 *
 * @param startSecond epoch second of the first bucket
 * @param stepSeconds bucket length: 1 or 60
 * @param arrivals invocations started in each bucket
 * @param completions invocations ended in each bucket
 * @param coldStarts cold starts in each bucket
 * @param errors failed invocations in each bucket
 * @param concurrency time-weighted mean in-flight invocations in each bucket
 */
public record BucketColumns(
    long startSecond,
    int stepSeconds,
    long[] arrivals,
    long[] completions,
    long[] coldStarts,
    long[] errors,
    double[] concurrency) {

  public int size() {
    return arrivals.length;
  }

  /**
   * {@code count} buckets of {@code series} from its key {@code from}, each {@code step} seconds
   * long (1 or 60): the in-flight seconds of each bucket become its mean concurrency.
   */
  static BucketColumns read(SealedSeries series, long from, int count, int step) {
    int n = Math.max(0, count);
    long[] arrivals = new long[n];
    long[] completions = new long[n];
    long[] cold = new long[n];
    long[] errors = new long[n];
    double[] concurrency = new double[n];
    series.copy(from, n, arrivals, completions, cold, errors, concurrency);
    for (int i = 0; i < n; i++) {
      concurrency[i] /= step;
    }
    return new BucketColumns(from * step, step, arrivals, completions, cold, errors, concurrency);
  }
}
