package io.prescale.collector.window;

import java.util.Arrays;

/**
 * Cumulative classic-bucket histogram of a function's durations since it was first seen: what
 * {@code prescale_function_duration_seconds} exposes.
 *
 * @param upperBounds bucket upper bounds, seconds, the last {@code +Inf}
 * @param counts per-bucket (not cumulative) counts, same length
 * @param sum sum of all durations, seconds
 * @param count number of durations
 */
public record DurationHistogram(double[] upperBounds, long[] counts, double sum, long count) {
  public DurationHistogram {
    upperBounds = upperBounds.clone();
    counts = counts.clone();
  }

  @Override
  public double[] upperBounds() {
    return upperBounds.clone();
  }

  @Override
  public long[] counts() {
    return counts.clone();
  }

  /** This histogram plus {@code other} (same bounds). */
  public DurationHistogram plus(DurationHistogram other) {
    long[] c = counts.clone();
    for (int i = 0; i < c.length; i++) {
      c[i] = Saturating.add(c[i], other.counts[i]);
    }
    return new DurationHistogram(
        upperBounds, c, Saturating.add(sum, other.sum), Saturating.add(count, other.count));
  }

  /** An empty histogram with the standard bounds. */
  public static DurationHistogram empty() {
    return new DurationHistogram(
        ClassicBuckets.upperBounds(), new long[ClassicBuckets.count()], 0, 0);
  }

  @Override
  public boolean equals(Object o) {
    return o instanceof DurationHistogram h
        && Arrays.equals(upperBounds, h.upperBounds)
        && Arrays.equals(counts, h.counts)
        && sum == h.sum
        && count == h.count;
  }

  @Override
  public int hashCode() {
    return Arrays.hashCode(counts) * 31 + Long.hashCode(count);
  }

  @Override
  public String toString() {
    return "DurationHistogram[count="
        + count
        + ", sum="
        + sum
        + ", counts="
        + Arrays.toString(counts)
        + "]";
  }
}
