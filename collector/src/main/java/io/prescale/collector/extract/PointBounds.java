package io.prescale.collector.extract;

import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.prescale.core.time.EpochNanos;

/**
 * What one metric data point may carry before it is refused as {@code bad_value}: counts are
 * finite, not negative, and at most {@link #MAX_ARRIVALS_PER_SECOND} per second of the point's
 * interval ({@code time - start}, taken as one second when shorter or unknown), and never more than
 * {@link #MAX_POINT_COUNT}, what one per-second bucket holds. A histogram's count and bucket counts
 * obey the same bound, and its sum, bounds, min and max are finite. The ceiling is far above any
 * real function (a million invocations a second from one stream) and far below what would wrap a
 * total. Each check answers null when the point is fine, else a description naming the value.
 */
final class PointBounds {
  /** Invocations a second one data point may report. */
  static final long MAX_ARRIVALS_PER_SECOND = 1_000_000;

  /** The most one data point may report: a one-second bucket's capacity. */
  static final long MAX_POINT_COUNT = Integer.MAX_VALUE;

  private static final long NANOS = EpochNanos.PER_SECOND;

  private PointBounds() {}

  /** The largest count a point over {@code [startNanos, timeNanos]} may carry. */
  static long maxCount(long startNanos, long timeNanos) {
    long seconds =
        startNanos <= 0 || timeNanos <= startNanos
            ? 1
            : Math.max(1, (timeNanos - startNanos) / NANOS);
    return seconds >= MAX_POINT_COUNT / MAX_ARRIVALS_PER_SECOND
        ? MAX_POINT_COUNT
        : Math.min(MAX_POINT_COUNT, seconds * MAX_ARRIVALS_PER_SECOND);
  }

  /** A sum's value (delta, or the increase of a cumulative stream). */
  static String count(String metric, double value, long startNanos, long timeNanos) {
    if (!Double.isFinite(value) || value < 0) {
      return metric + " = " + value + ", must be finite and >= 0";
    }
    long max = maxCount(startNanos, timeNanos);
    if (value > max) {
      return metric
          + " = "
          + value
          + ", must be in [0; "
          + max
          + "] ("
          + MAX_ARRIVALS_PER_SECOND
          + " a second of the point's interval)";
    }
    return null;
  }

  /** A cumulative sum's raw value, before it becomes an increase. */
  static String cumulative(String metric, double value) {
    if (!Double.isFinite(value) || value < 0 || value >= 0x1p63) {
      return metric + " = " + value + ", must be finite and in [0; 2^63)";
    }
    return null;
  }

  /** The increase of a cumulative histogram since its previous point. */
  static String increase(String metric, long count, double sum, long[] buckets, long maxCount) {
    if (count < 0 || count > maxCount) {
      return metric + " count increase = " + count + ", must be in [0; " + maxCount + "]";
    }
    for (int i = 0; i < buckets.length; i++) {
      if (buckets[i] < 0 || buckets[i] > maxCount) {
        return metric
            + " bucket "
            + i
            + " increase = "
            + buckets[i]
            + ", must be in [0; "
            + maxCount
            + "]";
      }
    }
    if (!Double.isFinite(sum)) {
      return metric + " sum increase = " + sum + ", must be finite";
    }
    return null;
  }

  /**
   * A histogram point's count and bucket counts (at most {@code maxCount}), sum, bounds, min and
   * max.
   */
  static String histogram(String metric, HistogramDataPoint p, long maxCount) {
    if (p.getCount() < 0 || p.getCount() > maxCount) {
      return metric
          + " count = "
          + Long.toUnsignedString(p.getCount())
          + ", must be in [0; "
          + maxCount
          + "]";
    }
    for (int i = 0; i < p.getBucketCountsCount(); i++) {
      long c = p.getBucketCounts(i);
      if (c < 0 || c > maxCount) {
        return metric
            + " bucket "
            + i
            + " count = "
            + Long.toUnsignedString(c)
            + ", must be in [0; "
            + maxCount
            + "]";
      }
    }
    if (p.hasSum() && !Double.isFinite(p.getSum())) {
      return metric + " sum = " + p.getSum() + ", must be finite";
    }
    for (int i = 0; i < p.getExplicitBoundsCount(); i++) {
      double b = p.getExplicitBounds(i);
      if (!Double.isFinite(b)) {
        return metric + " bound " + i + " = " + b + ", must be finite";
      }
    }
    if (p.hasMin() && !Double.isFinite(p.getMin())) {
      return metric + " min = " + p.getMin() + ", must be finite";
    }
    if (p.hasMax() && !Double.isFinite(p.getMax())) {
      return metric + " max = " + p.getMax() + ", must be finite";
    }
    return null;
  }
}
