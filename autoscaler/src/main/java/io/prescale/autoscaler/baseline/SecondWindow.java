package io.prescale.autoscaler.baseline;

import io.prescale.core.observe.Observation;

/**
 * Knative-style window averages of one-second concurrency buckets, kept as a running sum so a
 * decision costs a handful of bucket reads instead of a re-scan of the whole stable window.
 *
 * <p>Each {@link #advance} reads the seconds that completed since the previous call, re-reads the
 * newest {@code panicBuckets} seconds (telemetry from spans arrives when the span ends, so recent
 * buckets can still grow), and re-scans the whole window once per window length (or after a gap,
 * a window change or time going backwards) so late data older than the panic window is picked up
 * within one window and floating-point drift never accumulates. A count of non-zero buckets makes
 * "no traffic in the window" exact.
 *
 * <p>Averages follow Knative's {@code TimedFloat64Buckets.WindowAverage}: the sum over the window
 * divided by the window length, or by the number of seconds since the first data when that is
 * shorter; gaps count as zero. Not thread-safe.
 */
final class SecondWindow {
  private double[] ring = new double[0];
  private int stableBuckets;
  private int panicBuckets;
  private long lastRead = Long.MIN_VALUE;
  private long resyncAt = Long.MIN_VALUE;
  private double sum;
  private int nonZero;
  private long lastBusySecond = Observation.NONE;
  private double stableAverage;
  private double panicAverage;

  /**
   * Brings the window up to {@code last} (the newest complete second) and computes both averages.
   *
   * @param stable stable window length in seconds, {@code >= 1}
   * @param panic  panic window length in seconds, in [1, stable]
   */
  void advance(Observation obs, long last, int stable, int panic) {
    if (stable != stableBuckets) {
      ring = new double[stable];
      stableBuckets = stable;
      lastRead = Long.MIN_VALUE;
    }
    panicBuckets = Math.min(panic, stable);
    if (lastRead == Long.MIN_VALUE || last < lastRead || last - lastRead >= stable || last >= resyncAt) {
      rescan(obs, last);
    } else if (last > lastRead) {
      for (long s = lastRead + 1; s <= last; s++) {
        int i = index(s);
        double old = ring[i];
        double v = read(obs, s);
        ring[i] = v;
        sum += v - old;
        nonZero += (v > 0 ? 1 : 0) - (old > 0 ? 1 : 0);
      }
      long from = Math.max(last - panicBuckets + 1, last - stable + 1);
      for (long s = from; s <= lastRead; s++) {
        int i = index(s);
        double old = ring[i];
        double v = read(obs, s);
        if (v != old) {
          ring[i] = v;
          sum += v - old;
          nonZero += (v > 0 ? 1 : 0) - (old > 0 ? 1 : 0);
        }
      }
      lastRead = last;
    }
    double panicSum = 0;
    for (long s = last - panicBuckets + 1; s <= last; s++) {
      panicSum += ring[index(s)];
    }
    long first = obs.firstSecond();
    long seen = first == Observation.NONE || first > last ? 0 : last - first + 1;
    long stableDiv = Math.min(stableBuckets, seen);
    long panicDiv = Math.min(panicBuckets, seen);
    stableAverage = stableDiv <= 0 || nonZero == 0 ? 0 : Math.max(0, sum) / stableDiv;
    panicAverage = panicDiv <= 0 || panicSum <= 0 ? 0 : panicSum / panicDiv;
  }

  private void rescan(Observation obs, long last) {
    sum = 0;
    nonZero = 0;
    for (long s = last - stableBuckets + 1; s <= last; s++) {
      double v = read(obs, s);
      ring[index(s)] = v;
      sum += v;
      if (v > 0) {
        nonZero++;
      }
    }
    lastRead = last;
    resyncAt = last + stableBuckets;
  }

  private double read(Observation obs, long second) {
    double v = obs.concurrency(second);
    if (v > 0) {
      if (second > lastBusySecond) {
        lastBusySecond = second;
      }
      return v;
    }
    return 0; // negative or NaN data counts as no load
  }

  private int index(long second) {
    return (int) Math.floorMod(second, (long) stableBuckets);
  }

  /** Mean concurrency over the stable window after the last {@link #advance}. */
  double stableAverage() {
    return stableAverage;
  }

  /** Mean concurrency over the panic window after the last {@link #advance}. */
  double panicAverage() {
    return panicAverage;
  }

  /** Newest second read with concurrency above zero, or {@link Observation#NONE}. */
  long lastBusySecond() {
    return lastBusySecond;
  }
}
