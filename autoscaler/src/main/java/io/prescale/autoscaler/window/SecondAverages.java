package io.prescale.autoscaler.window;

import io.prescale.core.observe.Observation;

/**
 * Mean concurrency over a trailing window of one-second buckets, after Knative's {@code
 * TimedFloat64Buckets.WindowAverage}: the sum over the window divided by the window length, or by
 * the number of seconds since the first write when that is shorter; seconds never written count as
 * zero, and negative or NaN data counts as no load. Kept as a running sum so a decision costs a
 * handful of bucket reads instead of a re-scan of the whole window. Not thread-safe.
 *
 * <p>Two feeds, chosen when the window is made. They differ in what counts as a write, in how the
 * running sum is refreshed and in precision, and they are kept as two explicit options on purpose:
 * each reproduces, bit for bit, the averages its decider has always used, so merging the two rules
 * would change KPA or predictive decisions.
 *
 * <dl>
 *   <dt>{@link #knative()}: read from the observation (the KPA)
 *   <dd>{@link #advance} reads the seconds that completed since the previous call, re-reads the
 *       newest {@code panic} seconds (telemetry from spans arrives when the span ends, so recent
 *       buckets can still grow), and re-scans the whole stable window once per window length (or
 *       after a gap, a window change or time going backwards), so late data older than the panic
 *       window is picked up within one window and floating-point drift never accumulates. Gives a
 *       stable and a panic average. A "write" is a second with concurrency above zero or, when the
 *       caller says pods are being scraped (Knative's scraper records a stat, zero included, every
 *       second while pods are ready), every second since the previous call; when no write came for
 *       a whole stable window the first write is reset, so a burst after a long idle time is
 *       averaged over the seconds since it began. A count of non-zero buckets makes "no traffic in
 *       the window" exactly zero.
 *   <dt>{@link #fed(int)}: fed second by second (the predictive decider's panic window)
 *   <dd>The caller {@link #record}s each second once, in increasing order, and asks for the {@link
 *       #average} of the window ending at a second. Every second fed is a write, zeros included,
 *       from the first one on (never reset); seconds skipped by the feed count as zero but written;
 *       seconds after the newest fed count as zero. Values are kept to {@code float} precision and
 *       the running sum (which adds the exact value and takes back the rounded one) is re-added
 *       from the buckets at every epoch second divisible by 1024.
 * </dl>
 */
public final class SecondAverages {
  private static final int RESUM_MASK = 1023;

  private final boolean fed;
  private double[] ring;
  private double sum;

  /** Newest second read (knative) or fed. */
  private long lastRead = Long.MIN_VALUE;

  private long firstWrite = Observation.NONE;
  // knative() only
  private int stableBuckets;
  private int panicBuckets;
  private long resyncAt = Long.MIN_VALUE;
  private int nonZero;
  private long lastBusySecond = Observation.NONE;
  private long lastWrite = Observation.NONE;
  private double stableAverage;
  private double panicAverage;

  private SecondAverages(boolean fed, int length) {
    this.fed = fed;
    this.ring = new double[length];
  }

  /** Stable and panic averages read from an {@link Observation} by {@link #advance}, as the KPA. */
  public static SecondAverages knative() {
    return new SecondAverages(false, 0);
  }

  /**
   * The average of the last {@code seconds} seconds (at least one), fed by {@link #record} and read
   * by {@link #average}.
   */
  public static SecondAverages fed(int seconds) {
    return new SecondAverages(true, Math.max(1, seconds));
  }

  /** Window length in seconds: the fed window's, or the stable window of the last advance. */
  public int length() {
    return fed ? ring.length : stableBuckets;
  }

  // ---- knative(): read from the observation ----

  /**
   * Brings the window up to {@code last} (the newest complete second) and computes both averages.
   *
   * @param stable stable window length in seconds, {@code >= 1}
   * @param panic panic window length in seconds, in [1, stable]
   * @param scraping whether pods are ready, so every second since the last call counts as written
   * @throws IllegalStateException on a {@link #fed} window
   */
  public void advance(Observation obs, long last, int stable, int panic, boolean scraping) {
    if (fed) {
      throw new IllegalStateException("a fed window is advanced by record()");
    }
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

  /** Mean concurrency over the stable window after the last {@link #advance}. */
  public double stableAverage() {
    return stableAverage;
  }

  /** Mean concurrency over the panic window after the last {@link #advance}. */
  public double panicAverage() {
    return panicAverage;
  }

  /** Newest second read with concurrency above zero, or {@link Observation#NONE}. */
  public long lastBusySecond() {
    return lastBusySecond;
  }

  // ---- fed(int): fed second by second ----

  /**
   * Records the concurrency of {@code epochSecond}; seconds arrive in increasing order, a second
   * not newer than the newest fed is ignored.
   *
   * @throws IllegalStateException on a {@link #knative} window
   */
  public void record(long epochSecond, double concurrency) {
    if (!fed) {
      throw new IllegalStateException("a knative window reads the observation in advance()");
    }
    int n = ring.length;
    if (lastRead != Long.MIN_VALUE) {
      if (epochSecond <= lastRead) {
        return;
      }
      for (long s = lastRead + 1; s < epochSecond && s <= lastRead + n; s++) {
        int slot = index(s);
        sum -= ring[slot];
        ring[slot] = 0;
      }
    } else {
      firstWrite = epochSecond;
    }
    int slot = index(epochSecond);
    sum += concurrency - ring[slot];
    ring[slot] = (float) concurrency;
    lastRead = epochSecond;
    if ((epochSecond & RESUM_MASK) == 0) {
      double s = 0;
      for (double v : ring) {
        s += v;
      }
      sum = s;
    }
  }

  /** Mean concurrency over the fed window ending at {@code lastSecond}; 0 before any record. */
  public double average(long lastSecond) {
    if (lastRead == Long.MIN_VALUE) {
      return 0;
    }
    int n = ring.length;
    long stale = lastSecond - lastRead;
    if (stale >= n) {
      return 0;
    }
    double s = sum;
    for (long k = lastRead + 1; k <= lastSecond; k++) {
      s -= ring[index(k)]; // seconds not fed yet count as zero
    }
    long written = Math.max(lastRead, lastSecond) - firstWrite + 1;
    long span = Math.min(n, written);
    return Math.max(0, s) / Math.max(1, span);
  }

  private int index(long second) {
    return (int) Math.floorMod(second, (long) ring.length);
  }
}
