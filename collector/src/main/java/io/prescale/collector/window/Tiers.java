package io.prescale.collector.window;

import io.prescale.collector.window.sealed.BucketSeries;
import io.prescale.collector.window.sealed.SealedSeries;
import io.prescale.core.time.EpochNanos;

/**
 * The one-second and one-minute {@link BucketSeries} of a function, kept consistent: every record
 * lands in both tiers, and a live in-flight sample replaces the reconstruction of its second in the
 * minute too. Not thread-safe: {@link FunctionWindows} locks.
 */
public final class Tiers {
  static final long MINUTE_NANOS = 60 * EpochNanos.PER_SECOND;

  /**
   * Minute hours older than this (one day) keep in-flight time at {@link
   * io.prescale.collector.window.sealed.HourCodec#COARSE_BITS} (error at most 2^-5 = 3.1 % of the
   * hour's largest minute per sealing; coarsening re-encodes a block once, and re-encoding at the
   * same precision is exact): only charts and long summaries read them; Little's law and the
   * deciders read the last minutes (the predictive decider's idle-gap seeding reads up to a day
   * back and only asks "any in-flight?", which coarse blocks keep: a positive value stays
   * positive), and those stay fine or unsealed.
   */
  public static final int COARSE_AFTER_MINUTES = 24 * 60;

  public final SealedSeries seconds;
  public final SealedSeries minutes;
  private boolean hasSamples;

  /** Seal lags: see {@link SealedSeries} (the lateness in whole seconds or minutes, plus one). */
  Tiers(int retainedSeconds, int retainedMinutes, int sealLagSeconds, int sealLagMinutes) {
    seconds = new SealedSeries(retainedSeconds, sealLagSeconds);
    minutes = new SealedSeries(retainedMinutes, sealLagMinutes, COARSE_AFTER_MINUTES);
  }

  /**
   * One invocation: in-flight time into every second and minute it covers (in increasing order, so
   * new buckets append), arrival and cold start at its start, completion and error at its end.
   * Without {@code reconstructInflight} the in-flight time is left to live samples.
   */
  void invocation(long start, long end, boolean cold, boolean error, boolean reconstructInflight) {
    if (reconstructInflight && end > start) {
      inflight(start, end);
    }
    count(
        seconds,
        seconds.slot(EpochNanos.second(start)),
        BucketSeries.ARRIVALS,
        cold ? BucketSeries.COLD : -1);
    count(
        seconds,
        seconds.slot(EpochNanos.second(end)),
        BucketSeries.COMPLETIONS,
        error ? BucketSeries.ERRORS : -1);
    count(
        minutes,
        minutes.slot(Math.floorDiv(start, MINUTE_NANOS)),
        BucketSeries.ARRIVALS,
        cold ? BucketSeries.COLD : -1);
    count(
        minutes,
        minutes.slot(Math.floorDiv(end, MINUTE_NANOS)),
        BucketSeries.COMPLETIONS,
        error ? BucketSeries.ERRORS : -1);
  }

  /** Counts from metrics, all at {@code atNanos}; arrivals also count as completions. */
  void counts(long atNanos, long arrivals, long errors, long cold) {
    add(seconds, seconds.slot(EpochNanos.second(atNanos)), arrivals, errors, cold);
    add(minutes, minutes.slot(Math.floorDiv(atNanos, MINUTE_NANOS)), arrivals, errors, cold);
  }

  /** A live sample for {@code epochSecond}; false when the second is out of retention. */
  boolean sample(long epochSecond, double meanInFlight) {
    int i = seconds.slot(epochSecond);
    if (i < 0) {
      return false;
    }
    hasSamples = true;
    double before = seconds.sample(i, meanInFlight);
    int m = minutes.slot(Math.floorDiv(epochSecond, 60));
    if (m >= 0) {
      minutes.addInflight(m, meanInFlight - before);
    }
    return true;
  }

  void trim(long nowNanos) {
    seconds.trim(Math.max(seconds.newestKey(), EpochNanos.second(nowNanos)));
    minutes.trim(Math.max(minutes.newestKey(), Math.floorDiv(nowNanos, MINUTE_NANOS)));
  }

  long bytes() {
    return seconds.bytes() + minutes.bytes();
  }

  /** Whether a live sample was ever recorded (snapshot seam). */
  public boolean hasSamples() {
    return hasSamples;
  }

  public void restoreHasSamples(boolean value) {
    hasSamples = value;
  }

  /**
   * Adds in-flight time spread evenly over {@code [start, end)}: each second and minute gets its
   * overlap times {@code meanInFlight} (a mean concurrency known for the whole interval, as
   * Little's law gives it from a duration histogram's sum over a scrape interval).
   */
  void spreadInflight(long start, long end, double meanInFlight) {
    if (end > start && meanInFlight > 0) {
      inflight(start, end, meanInFlight);
    }
  }

  private void inflight(long start, long end) {
    inflight(start, end, 1);
  }

  private void inflight(long start, long end, double weight) {
    long firstSec = EpochNanos.second(start);
    long lastSec = EpochNanos.second(end - 1);
    long oldest = seconds.oldestAnsweredWith(lastSec);
    if (!hasSamples) {
      for (long s = Math.max(firstSec, oldest); s <= lastSec; s++) {
        int i = seconds.slot(s);
        if (i >= 0) {
          seconds.addInflight(
              i, weight * overlap(start, end, s * EpochNanos.PER_SECOND, EpochNanos.PER_SECOND));
        }
      }
      long lastMin = Math.floorDiv(end - 1, MINUTE_NANOS);
      long firstMin =
          Math.max(Math.floorDiv(start, MINUTE_NANOS), minutes.oldestAnsweredWith(lastMin));
      for (long m = firstMin; m <= lastMin; m++) {
        int i = minutes.slot(m);
        if (i >= 0) {
          minutes.addInflight(i, weight * overlap(start, end, m * MINUTE_NANOS, MINUTE_NANOS));
        }
      }
      return;
    }
    // with live samples: a sampled second keeps its sample, and its minute gets nothing from spans
    long oldestMinuteSec = minutes.oldestAnsweredWith(Math.floorDiv(lastSec, 60)) * 60;
    for (long s = Math.max(firstSec, oldestMinuteSec); s <= lastSec; s++) {
      double part = weight * overlap(start, end, s * EpochNanos.PER_SECOND, EpochNanos.PER_SECOND);
      boolean sampled = false;
      if (s >= oldest) {
        int i = seconds.slot(s);
        if (i >= 0) {
          seconds.addInflight(i, part);
          sampled = seconds.sampled(i);
        }
      }
      if (!sampled) {
        int m = minutes.slot(Math.floorDiv(s, 60));
        if (m >= 0) {
          minutes.addInflight(m, part);
        }
      }
    }
  }

  private static double overlap(long start, long end, long bucketStart, long bucketLength) {
    long from = Math.max(start, bucketStart);
    long to = Math.min(end, bucketStart + bucketLength);
    return to > from ? (to - from) / 1e9 : 0;
  }

  private static void count(SealedSeries series, int i, int field, int flagField) {
    if (i >= 0) {
      series.add(i, field, 1);
      if (flagField >= 0) {
        series.add(i, flagField, 1);
      }
    }
  }

  private static void add(SealedSeries series, int i, long arrivals, long errors, long cold) {
    if (i >= 0) {
      series.add(i, BucketSeries.ARRIVALS, arrivals);
      series.add(i, BucketSeries.COMPLETIONS, arrivals);
      series.add(i, BucketSeries.ERRORS, errors);
      series.add(i, BucketSeries.COLD, cold);
    }
  }
}
