package io.prescale.collector.window;

import io.prescale.core.observe.Observation;
import io.prescale.core.time.EpochNanos;

/**
 * The scalar bookkeeping of one {@link FunctionWindows}: the lateness gate (newest data time and
 * the records refused as late), totals since first seen, the first second and the last arrival, and
 * the cumulative classic histogram of durations. Its state is what a snapshot saves as {@link
 * WindowTotals}. Not thread-safe: {@link FunctionWindows} locks.
 */
final class WindowCounters {

  private final long latenessNanos;
  private long[] classic;
  private double durationSum;
  private long durationCount;
  private long invocationsTotal;
  private long coldStartsTotal;
  private long errorsTotal;
  private long timeoutsTotal;
  private long lateDropped;
  private long firstSecond = Observation.NONE;
  private long lastArrivalNanos = Observation.NONE;
  private long newestNanos = Observation.NONE;

  WindowCounters(long latenessNanos) {
    this.latenessNanos = latenessNanos;
  }

  /**
   * Whether data at {@code atNanos} is accepted: refused (and counted in {@link #lateDropped()})
   * when more than the lateness behind the newest data; else it advances the newest data time.
   */
  boolean admit(long atNanos) {
    if (newestNanos != Observation.NONE && atNanos < newestNanos - latenessNanos) {
      lateDropped = Saturating.add(lateDropped, 1);
      return false;
    }
    if (atNanos > newestNanos) {
      newestNanos = atNanos;
    }
    return true;
  }

  /** One finished invocation that started at {@code startNanos}. */
  void invocation(long startNanos, boolean cold, boolean error, double durationSeconds) {
    seenAt(EpochNanos.second(startNanos));
    if (startNanos > lastArrivalNanos) {
      lastArrivalNanos = startNanos;
    }
    addClassic(durationSeconds, 1);
    invocationsTotal = Saturating.add(invocationsTotal, 1);
    if (cold) {
      coldStartsTotal = Saturating.add(coldStartsTotal, 1);
    }
    if (error) {
      errorsTotal = Saturating.add(errorsTotal, 1);
    }
  }

  /** Counts from metrics, all at {@code atNanos} (see {@link FunctionWindows#recordCounts}). */
  void counts(long atNanos, long arrivals, long errors, long coldStarts, long timeouts) {
    if (arrivals > 0) {
      seenAt(EpochNanos.second(atNanos));
      lastArrivalNanos = Math.max(lastArrivalNanos, atNanos);
    }
    invocationsTotal = Saturating.add(invocationsTotal, arrivals);
    errorsTotal = Saturating.add(errorsTotal, errors);
    coldStartsTotal = Saturating.add(coldStartsTotal, coldStarts);
    timeoutsTotal = Saturating.add(timeoutsTotal, timeouts);
  }

  /** Data for {@code epochSecond}: the first second moves back to it when older. */
  void seenAt(long epochSecond) {
    if (epochSecond < firstSecond || firstSecond == Observation.NONE) {
      firstSecond = epochSecond;
    }
  }

  /** Adds {@code count} durations of {@code seconds} each to the classic histogram. */
  void addClassic(double seconds, long count) {
    if (classic == null) {
      classic = new long[ClassicBuckets.count()];
    }
    int i = ClassicBuckets.indexOf(seconds);
    classic[i] = Saturating.add(classic[i], count);
    durationSum = Saturating.add(durationSum, seconds * count);
    durationCount = Saturating.add(durationCount, count);
  }

  DurationHistogram durationHistogram() {
    long[] counts = classic == null ? new long[ClassicBuckets.count()] : classic;
    return new DurationHistogram(ClassicBuckets.upperBounds(), counts, durationSum, durationCount);
  }

  long invocationsTotal() {
    return invocationsTotal;
  }

  long coldStartsTotal() {
    return coldStartsTotal;
  }

  long errorsTotal() {
    return errorsTotal;
  }

  long timeoutsTotal() {
    return timeoutsTotal;
  }

  long lateDropped() {
    return lateDropped;
  }

  long firstSecond() {
    return firstSecond;
  }

  long lastArrivalNanos() {
    return lastArrivalNanos;
  }

  long newestNanos() {
    return newestNanos;
  }

  WindowTotals totals() {
    return new WindowTotals(
        firstSecond,
        lastArrivalNanos,
        newestNanos,
        invocationsTotal,
        coldStartsTotal,
        errorsTotal,
        timeoutsTotal,
        lateDropped,
        classic == null ? null : classic.clone(),
        durationSum,
        durationCount);
  }

  void restore(WindowTotals t) {
    firstSecond = t.firstSecond();
    lastArrivalNanos = t.lastArrivalNanos();
    newestNanos = t.newestNanos();
    invocationsTotal = t.invocations();
    coldStartsTotal = t.coldStarts();
    errorsTotal = t.errors();
    timeoutsTotal = t.timeouts();
    lateDropped = t.lateDropped();
    classic = t.classic() == null ? null : t.classic().clone();
    durationSum = t.durationSum();
    durationCount = t.durationCount();
  }
}
