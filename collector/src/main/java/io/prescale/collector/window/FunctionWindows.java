package io.prescale.collector.window;

import io.prescale.collector.window.sealed.BucketSeries;
import io.prescale.collector.window.sealed.SealedSeries;
import io.prescale.collector.window.sketch.RecentSketch;
import io.prescale.core.FunctionKey;
import io.prescale.core.Invocation;
import io.prescale.core.observe.Observation;
import io.prescale.core.time.EpochNanos;
import java.util.Objects;

/**
 * Everything Prescale keeps about one function: one-second and one-minute buckets ({@link
 * WindowConfig}), recent duration and init-duration quantiles, live instances, totals and a
 * cumulative classic histogram of durations ({@link WindowCounters} keeps the totals and the
 * lateness gate). How concurrency is rebuilt from spans, what the lateness gate refuses and how old
 * buckets are sealed (and at what error): docs/collector.md ("Per-function windows").
 *
 * <p>One writer (the ingest thread or the simulator) and any number of readers; every method takes
 * this object's lock.
 */
public final class FunctionWindows implements WindowWriter {

  private final FunctionKey function;
  private final WindowConfig config;
  private final WindowCounters counters;

  /**
   * The second of the newest data time (every recorded bucket is at or before it), written under
   * the lock after each admitted record; read without it, so the autoscaler's per-tick reads of
   * seconds after it (every idle function's) answer 0 without the lock or the bucket search.
   */
  private volatile long newestSecond = Long.MIN_VALUE;

  /** Calls of the record methods so far, written under the lock; see {@link #writes}. */
  private volatile long writes;

  private final Tiers tiers;
  private final SealedSeries seconds;
  private final SealedSeries minutes;
  private final RecentSketch durations;
  private final RecentSketch initDurations;
  private final InstanceTracker instances;

  /** The platform's own count of the function's instances, newest report (-1: none). */
  private long platformInstances = -1;

  private long platformInstancesAt = Long.MIN_VALUE;

  public FunctionWindows(FunctionKey function, WindowConfig config) {
    this.function = Objects.requireNonNull(function, "function");
    this.config = Objects.requireNonNull(config, "config");
    this.counters = new WindowCounters(config.lateness().toNanos());
    long lateSeconds = config.lateness().getSeconds() + (config.lateness().getNano() > 0 ? 1 : 0);
    this.tiers =
        new Tiers(
            config.retainedSeconds(),
            config.retainedMinutes(),
            (int) lateSeconds + 1,
            (int) (lateSeconds + 59) / 60 + 1);
    this.seconds = tiers.seconds;
    this.minutes = tiers.minutes;
    long histogramWindow = config.histogramWindow().toNanos();
    this.durations =
        new RecentSketch(config.relativeAccuracy(), config.maxSketchBins(), histogramWindow);
    this.initDurations =
        new RecentSketch(config.relativeAccuracy(), config.maxSketchBins(), histogramWindow);
    this.instances = new InstanceTracker(config.maxInstances(), config.instanceWindow().toNanos());
  }

  /**
   * How many times anything was recorded here (any record method, admitted or not): a reader that
   * sees the same number twice saw no new data in between (the autoscaler skips idle functions so).
   */
  public long writes() {
    return writes;
  }

  public FunctionKey function() {
    return function;
  }

  public WindowConfig config() {
    return config;
  }

  /**
   * Records one finished invocation: arrival (and cold start) in its start second and minute,
   * completion (and error) in its end second and minute, its in-flight time in every second and
   * minute it covers, its duration, its instance. Returns false (and counts it) when it is later
   * than the allowed lateness. Cheap: a few array updates for a sub-second invocation.
   */
  public synchronized boolean recordInvocation(Invocation invocation) {
    writes++;
    return record(invocation, true);
  }

  /**
   * As {@link #recordInvocation}, for a source that also reports a live in-flight sample ({@link
   * #recordConcurrency}) for every second the invocation covers, as Knative's queue-proxy does and
   * the simulator's platform does: those samples replace the span's in-flight time in the seconds
   * and their minutes, so it is not reconstructed (one bucket lookup less per second covered, which
   * for a 20-minute invocation is 1,200 lookups and the unsealing of up to 20 sealed minutes of
   * seconds). Counts, durations and instances are recorded as usual.
   */
  public synchronized boolean recordSampledInvocation(Invocation invocation) {
    writes++;
    return record(invocation, false);
  }

  private boolean record(Invocation invocation, boolean reconstructInflight) {
    long start = invocation.startNanos();
    long end = invocation.endNanos();
    if (!counters.admit(end)) {
      return false;
    }
    boolean cold = invocation.coldStart();
    boolean error = invocation.error();
    tiers.invocation(start, end, cold, error, reconstructInflight);
    double durationSeconds = (end - start) / 1e9;
    if (durationSeconds
        <= MAX_DURATION_SECONDS) { // as recordDurations: a snapshot keeps no longer one
      durations.add(durationSeconds, 1, end);
    }
    counters.invocation(start, cold, error, durationSeconds);
    instances.seen(invocation.instance(), end);
    noteNewest();
    return true;
  }

  /**
   * Records a live in-flight sample: the mean number of invocations in flight during the second
   * {@code epochSecond}. It replaces the span reconstruction for that second (and the minute
   * follows). Returns false when later than the allowed lateness or {@code meanInFlight} is
   * negative or not finite.
   */
  public synchronized boolean recordConcurrency(long epochSecond, double meanInFlight) {
    writes++;
    if (!(meanInFlight >= 0) || Double.isInfinite(meanInFlight)) {
      return false;
    }
    if (!counters.admit(epochSecond * EpochNanos.PER_SECOND)) {
      return false;
    }
    if (!tiers.sample(epochSecond, meanInFlight)) {
      return false;
    }
    counters.seenAt(epochSecond);
    noteNewest();
    return true;
  }

  /**
   * Records counts that came from metrics rather than spans, all at {@code atNanos}: {@code
   * arrivals} invocations (successful and failed), of which {@code errors} failed and {@code
   * coldStarts} started cold, plus {@code timeouts}. Arrivals also count as completions.
   */
  public synchronized boolean recordCounts(
      long atNanos, long arrivals, long errors, long coldStarts, long timeouts) {
    writes++;
    if (!counters.admit(atNanos)) {
      return false;
    }
    tiers.counts(atNanos, arrivals, errors, coldStarts);
    counters.counts(atNanos, arrivals, errors, coldStarts, timeouts);
    noteNewest();
    return true;
  }

  /** The longest interval {@link #recordInflight} spreads time over. */
  public static final long MAX_INFLIGHT_SPREAD_NANOS = 10 * 60 * EpochNanos.PER_SECOND;

  /**
   * Adds {@code inflightSeconds} of in-flight time spread evenly over {@code [fromNanos, toNanos)}:
   * the sum of a duration histogram's increase over a scrape interval, whose mean concurrency is
   * that sum divided by the interval (Little's law), for sources that report no live in-flight
   * sample. Ignored (false) for an empty, negative or longer interval than {@link
   * #MAX_INFLIGHT_SPREAD_NANOS}, a negative or non-finite time, or an end later than the lateness
   * allows.
   */
  public synchronized boolean recordInflight(long fromNanos, long toNanos, double inflightSeconds) {
    if (toNanos <= fromNanos
        || toNanos - fromNanos > MAX_INFLIGHT_SPREAD_NANOS
        || !(inflightSeconds >= 0)
        || Double.isInfinite(inflightSeconds)
        || !counters.admit(toNanos)) {
      return false;
    }
    writes++;
    tiers.spreadInflight(fromNanos, toNanos, inflightSeconds / ((toNanos - fromNanos) / 1e9));
    noteNewest();
    return true;
  }

  /** Durations past this (about 31 years) are absurd and ignored. */
  public static final double MAX_DURATION_SECONDS = 1e9;

  /**
   * Adds {@code count} invocation durations of {@code seconds} each (from a metric histogram);
   * ignored unless {@code seconds} is in [0; {@link #MAX_DURATION_SECONDS}].
   */
  public synchronized void recordDurations(double seconds, long count, long atNanos) {
    writes++;
    if (count > 0 && seconds >= 0 && seconds <= MAX_DURATION_SECONDS) {
      durations.add(seconds, count, atNanos);
      counters.addClassic(seconds, count);
    }
  }

  /** Adds {@code count} cold-start initialisation durations of {@code seconds} each. */
  public synchronized void recordInitDurations(double seconds, long count, long atNanos) {
    writes++;
    if (count > 0 && seconds >= 0 && seconds <= MAX_DURATION_SECONDS) {
      initDurations.add(seconds, count, atNanos);
    }
  }

  /**
   * Notes that {@code instance} served at {@code atNanos} (from metrics or spans); true when the
   * instance was not remembered (new, or forgotten after the instance window).
   */
  public synchronized boolean recordInstance(String instance, long atNanos) {
    writes++;
    return instances.seen(instance, atNanos);
  }

  @Override
  public synchronized boolean recordInstance(
      String instance, long atNanos, boolean coldStartIfNew) {
    return !recordInstance(instance, atNanos)
        || !coldStartIfNew
        || recordCounts(atNanos, 0, 0, 1, 0);
  }

  /**
   * Notes the platform's own count of the function's instances at {@code atNanos} (Knative's {@code
   * kn.revision.pods.count}); an older report than the newest is ignored.
   */
  public synchronized void recordPlatformInstances(long count, long atNanos) {
    writes++;
    if (count >= 0 && atNanos >= platformInstancesAt) {
      platformInstances = count;
      platformInstancesAt = atNanos;
    }
  }

  /**
   * The platform's newest count of instances reported at or before {@code nowNanos} and at most
   * {@code maxAgeNanos} before it, or -1 when there is none.
   */
  public synchronized long platformInstances(long nowNanos, long maxAgeNanos) {
    if (platformInstances < 0
        || platformInstancesAt > nowNanos
        || platformInstancesAt < nowNanos - maxAgeNanos) {
      return -1;
    }
    return platformInstances;
  }

  /** An observation of the data recorded so far; buckets after the newest data answer zero. */
  public Observation view(int readyInstances) {
    long newest;
    synchronized (this) {
      newest = counters.newestNanos();
    }
    long horizon = newest == Observation.NONE ? Long.MIN_VALUE : EpochNanos.second(newest) + 1;
    return new WindowView(
        this, readyInstances, horizon, newest == Observation.NONE ? Long.MIN_VALUE : newest + 1);
  }

  /**
   * An observation at {@code nowNanos}: it answers only for seconds that ended by {@code now} (the
   * current, partial second answers zero) and for minutes from their complete seconds, so a
   * decision never reads the future even when data beyond {@code now} was recorded.
   */
  public Observation view(int readyInstances, long nowNanos) {
    return new WindowView(this, readyInstances, EpochNanos.second(nowNanos), nowNanos);
  }

  /** Summary over the {@code windowSeconds} ending with the second that holds {@code nowNanos}. */
  public synchronized FunctionSummary summary(long nowNanos, int windowSeconds) {
    long nowSec = EpochNanos.second(nowNanos);
    long arrivals;
    long errors;
    long cold;
    double inflight;
    if (windowSeconds <= config.retainedSeconds()) {
      long from = nowSec - windowSeconds + 1;
      arrivals = seconds.sum(BucketSeries.ARRIVALS, from, nowSec + 1);
      errors = seconds.sum(BucketSeries.ERRORS, from, nowSec + 1);
      cold = seconds.sum(BucketSeries.COLD, from, nowSec + 1);
      inflight = seconds.sumEffective(from, nowSec + 1);
    } else {
      long nowMin = Math.floorDiv(nowSec, 60);
      long from = nowMin - (windowSeconds + 59) / 60 + 1;
      arrivals = minutes.sum(BucketSeries.ARRIVALS, from, nowMin + 1);
      errors = minutes.sum(BucketSeries.ERRORS, from, nowMin + 1);
      cold = minutes.sum(BucketSeries.COLD, from, nowMin + 1);
      inflight = minutes.sumEffective(from, nowMin + 1);
    }
    return new FunctionSummary(
        function,
        counters.invocationsTotal(),
        counters.coldStartsTotal(),
        counters.errorsTotal(),
        counters.timeoutsTotal(),
        windowSeconds,
        arrivals,
        errors,
        cold,
        arrivals / (double) windowSeconds,
        inflight / windowSeconds,
        durations.quantile(0.5) * 1000,
        durations.quantile(0.99) * 1000,
        initDurations.quantile(0.5) * 1000,
        instances.live(nowNanos),
        counters.firstSecond(),
        counters.newestNanos(),
        counters.lateDropped());
  }

  /** {@code count} one-second buckets starting at {@code fromSecond}. */
  public synchronized BucketColumns seconds(long fromSecond, int count) {
    return BucketColumns.read(seconds, fromSecond, count, 1);
  }

  /** {@code count} one-minute buckets starting at epoch minute {@code fromMinute}. */
  public synchronized BucketColumns minutes(long fromMinute, int count) {
    return BucketColumns.read(minutes, fromMinute, count, 60);
  }

  /** Cumulative classic histogram of durations since first seen. */
  public synchronized DurationHistogram durationHistogram() {
    return counters.durationHistogram();
  }

  public synchronized long invocationsTotal() {
    return counters.invocationsTotal();
  }

  public synchronized long coldStartsTotal() {
    return counters.coldStartsTotal();
  }

  public synchronized long errorsTotal() {
    return counters.errorsTotal();
  }

  public synchronized long timeoutsTotal() {
    return counters.timeoutsTotal();
  }

  /** Records refused because they were later than the allowed lateness. */
  public synchronized long lateDropped() {
    return counters.lateDropped();
  }

  /** Newest data time recorded, epoch nanos, or {@link Observation#NONE}. */
  public synchronized long newestNanos() {
    return counters.newestNanos();
  }

  /** Mean in-flight over the second {@code epochSecond} (sample when there is one). */
  public double concurrency(long epochSecond) {
    if (epochSecond > newestSecond) {
      return 0;
    }
    synchronized (this) {
      return seconds.effective(epochSecond);
    }
  }

  /**
   * Time-weighted mean in-flight over the {@code windowSeconds} complete seconds before {@code
   * nowNanos}.
   */
  public synchronized double recentConcurrency(long nowNanos, int windowSeconds) {
    long to = EpochNanos.second(nowNanos);
    return windowSeconds <= 0 ? 0 : seconds.sumEffective(to - windowSeconds, to) / windowSeconds;
  }

  /** Distinct instances seen within the instance window before {@code nowNanos}. */
  public synchronized int liveInstances(long nowNanos) {
    return instances.live(nowNanos);
  }

  /**
   * Distinct instances seen within {@code windowNanos} before {@code nowNanos} (at most the
   * remembered ones, and only within the store's instance window: an instance is forgotten after
   * it).
   */
  public synchronized int liveInstances(long nowNanos, long windowNanos) {
    return instances.live(nowNanos, windowNanos);
  }

  /** Drops expired buckets and forgotten instances, releases spare capacity. */
  public synchronized void trim(long nowNanos) {
    tiers.trim(nowNanos);
    instances.trim(nowNanos);
  }

  /** Approximate heap bytes of the bucket arrays (sketches and instances not included). */
  public synchronized long bucketBytes() {
    return tiers.bytes();
  }

  // ---- reads for WindowView (same lock) ----

  synchronized long firstSecond() {
    return counters.firstSecond();
  }

  synchronized long lastArrivalBefore(long horizonNanos) {
    long lastArrivalNanos = counters.lastArrivalNanos();
    if (lastArrivalNanos < horizonNanos) {
      return lastArrivalNanos;
    }
    long sec = seconds.newestWith(BucketSeries.ARRIVALS, EpochNanos.second(horizonNanos));
    return sec == Long.MIN_VALUE ? Observation.NONE : sec * EpochNanos.PER_SECOND;
  }

  long arrivals(long epochSecond) {
    if (epochSecond > newestSecond) {
      return 0;
    }
    synchronized (this) {
      return seconds.count(epochSecond, BucketSeries.ARRIVALS);
    }
  }

  long completions(long epochSecond) {
    if (epochSecond > newestSecond) {
      return 0;
    }
    synchronized (this) {
      return seconds.count(epochSecond, BucketSeries.COMPLETIONS);
    }
  }

  synchronized long arrivalsBetween(long fromSecond, long toSecond) {
    return seconds.sum(BucketSeries.ARRIVALS, fromSecond, toSecond);
  }

  synchronized double inflightBetween(long fromSecond, long toSecond) {
    return seconds.sumEffective(fromSecond, toSecond);
  }

  synchronized long minuteArrivals(long epochMinute) {
    return minutes.count(epochMinute, BucketSeries.ARRIVALS);
  }

  synchronized double minuteInflight(long epochMinute) {
    return minutes.effective(epochMinute);
  }

  synchronized double durationQuantile(double q) {
    return durations.quantile(q);
  }

  synchronized double initDurationQuantile(double q) {
    return initDurations.quantile(q);
  }

  // ---- snapshot seam (io.prescale.collector.snapshot: WindowsSnapshot, FunctionRecords); callers
  // hold this object's lock ----

  public Tiers tiers() {
    return tiers;
  }

  public RecentSketch durationSketch() {
    return durations;
  }

  public RecentSketch initDurationSketch() {
    return initDurations;
  }

  public InstanceTracker instanceTracker() {
    return instances;
  }

  public WindowTotals totals() {
    return counters.totals();
  }

  public void restoreTotals(WindowTotals t) {
    counters.restore(t);
    noteNewest();
  }

  /** Under the lock, after data was admitted: publishes its newest second. */
  private void noteNewest() {
    long n = counters.newestNanos();
    newestSecond = n == Observation.NONE ? Long.MIN_VALUE : EpochNanos.second(n);
  }
}
