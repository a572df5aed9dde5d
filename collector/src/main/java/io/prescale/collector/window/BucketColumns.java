package io.prescale.collector.window;

/**
 * A run of consecutive buckets as columns (absent buckets are zero).
 *
 * @param startSecond  epoch second of the first bucket
 * @param stepSeconds  bucket length: 1 or 60
 * @param arrivals     invocations started in each bucket
 * @param completions  invocations ended in each bucket
 * @param coldStarts   cold starts in each bucket
 * @param errors       failed invocations in each bucket
 * @param concurrency  time-weighted mean in-flight invocations in each bucket
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
}
