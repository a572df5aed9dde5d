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
 * divided by the window length, or by the number of seconds since the first write when that is
 * shorter; gaps count as zero; when no write came for a whole window the first write is reset, so
 * a burst after a long idle time is averaged over the seconds since it began. A "write" is a
 * second with concurrency above zero or, when the caller says pods are being scraped (Knative's
 * scraper records a stat, zero included, every second while pods are ready), every second since
 * the previous call. Not thread-safe.
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
  private long firstWrite = Observation.NONE;
  private long lastWrite = Observation.NONE;
  private double stableAverage;
  private double panicAverage;

  /**
   * Brings the window up to {@code last} (the newest complete second) and computes both averages.
   *
   * @param stable stable window length in seconds, {@code >= 1}
   * @param panic  panic window length in seconds, in [1, stable]
   * @param scraping whether pods are ready, so every second since the last call counts as written
   */
  void advance(Observation obs, long last, int stable, int panic, boolean scraping) {
    if (stable != stableBuckets) {
      ring = new double[stable];
      stableBuckets = stable;
      lastRead = Long.MIN_VALUE;
    }
    panicBuckets = Math.min(panic, stable);
    boolean jump = lastRead == Long.MIN_VALUE || last < lastRead || last - lastRead >= stable;
    if (scraping && lastRead != Long.MIN_VALUE && last > lastRead) {
      write(lastRead + 1, last); // pods were scraped since the previous call
    }
    if (jump) {
      findWriteBefore(obs, last - stable);
      rescan(obs, last);
    } else if (last >= resyncAt) {
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
    boolean stale = lastWrite == Observation.NONE || last - lastWrite >= stableBuckets;
    long seen = stale || firstWrite > last ? 0 : last - firstWrite + 1;
    long stableDiv = Math.min(stableBuckets, seen);
    long panicDiv = Math.min(panicBuckets, seen);
    stableAverage = stableDiv <= 0 || nonZero == 0 ? 0 : Math.max(0, sum) / stableDiv;
    panicAverage = panicDiv <= 0 || panicSum <= 0 ? 0 : panicSum / panicDiv;
  }

  /** After a gap in calls: the newest write in the window before {@code end}, if any. */
  private void findWriteBefore(Observation obs, long end) {
    if (lastWrite != Observation.NONE && lastWrite >= end - stableBuckets + 1) {
      return;
    }
    for (long s = end; s > end - stableBuckets; s--) {
      if (read(obs, s) > 0) {
        return; // read() noted the write
      }
    }
  }

  /** Seconds {@code from..to} were written (in time order with earlier writes). */
  private void write(long from, long to) {
    if (lastWrite == Observation.NONE || from - lastWrite > stableBuckets) {
      firstWrite = from;
    } else if (from < firstWrite && firstWrite - from <= stableBuckets) {
      firstWrite = from; // late data just before the first write
    }
    if (to > lastWrite) {
      lastWrite = to;
    }
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
      write(second, second);
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
