package io.prescale.testing;

import io.prescale.core.FunctionKey;
import io.prescale.core.observe.Observation;
import io.prescale.core.time.EpochNanos;
import java.util.Arrays;
import java.util.Objects;

/**
 * An {@link Observation} a test fills by hand: per-second concurrency and arrivals indexed from
 * epoch second 0 ({@link #ofSeconds}), minute arrivals that follow the seconds, ready instances,
 * the newest arrival and duration quantiles; or nothing at all ({@link #empty}).
 *
 * <p>It answers whatever was set, also for the second that contains "now" and later ones, so a test
 * can put data there to check a decider does not read it; {@link #readsBefore} makes every read of
 * such a bucket fail the test instead (and {@link #reads()} counts the reads checked). Not
 * thread-safe, like the observations deciders get.
 */
public final class FakeObservation implements Observation {
  private final FunctionKey function;
  private final double[] concurrency;
  private final long[] arrivals;
  private final long[] minuteArrivals;
  private int ready;
  private long firstSecond = NONE;
  private long lastArrivalNanos = NONE;
  private double durationSeconds = Double.NaN;
  private double initDurationSeconds = Double.NaN;
  private long readsBefore = Long.MAX_VALUE;
  private long reads;

  private FakeObservation(FunctionKey function, int seconds) {
    this.function = Objects.requireNonNull(function, "function");
    concurrency = new double[seconds];
    arrivals = new long[seconds];
    minuteArrivals = new long[seconds == 0 ? 0 : seconds / 60 + 1];
  }

  /**
   * Function {@code fn} with {@code seconds} seconds (from epoch second 0) retained, nothing seen
   * yet.
   */
  public static FakeObservation ofSeconds(int seconds) {
    return new FakeObservation(FunctionKey.of("fn"), seconds);
  }

  /** {@code function} with nothing observed and nothing retained. */
  public static FakeObservation empty(FunctionKey function) {
    return new FakeObservation(function, 0);
  }

  public FakeObservation ready(int n) {
    ready = n;
    return this;
  }

  /** Sets concurrency {@code value} for seconds [from, to). */
  public FakeObservation concurrency(long from, long to, double value) {
    for (long s = from; s < to; s++) {
      concurrency[(int) s] = value;
      markFirst(s);
    }
    return this;
  }

  /** Records {@code count} arrivals at second {@code s} (minute counts follow). */
  public FakeObservation arrivals(long s, long count) {
    arrivals[(int) s] += count;
    minuteArrivals[(int) (s / 60)] += count;
    markFirst(s);
    lastArrivalNanos = Math.max(lastArrivalNanos, EpochNanos.ofSecond(s));
    return this;
  }

  /** Records {@code count} arrivals in minute {@code m} (at its first second). */
  public FakeObservation minuteArrivals(long m, long count) {
    return arrivals(m * 60, count);
  }

  public FakeObservation lastArrivalNanos(long nanos) {
    lastArrivalNanos = nanos;
    return this;
  }

  /** Every duration quantile answers {@code seconds} (NaN until set: none seen). */
  public FakeObservation durationSeconds(double seconds) {
    durationSeconds = seconds;
    return this;
  }

  /** Every init-duration quantile answers {@code seconds} (NaN until set: none seen). */
  public FakeObservation initDurationSeconds(double seconds) {
    initDurationSeconds = seconds;
    return this;
  }

  /** Sets every second's concurrency back to zero (arrivals stay). */
  public FakeObservation clear() {
    Arrays.fill(concurrency, 0);
    return this;
  }

  /**
   * From now on a read of second {@code nowSecond} or later, or of the minute that contains it or a
   * later one, fails with an {@link AssertionError}: "now" is inside {@code nowSecond}, so that
   * bucket is incomplete and later ones are the future.
   */
  public FakeObservation readsBefore(long nowSecond) {
    readsBefore = nowSecond;
    return this;
  }

  /** Bucket reads so far (seconds and minutes). */
  public long reads() {
    return reads;
  }

  private void markFirst(long s) {
    if (firstSecond == NONE || s < firstSecond) {
      firstSecond = s;
    }
  }

  private void second(long s) {
    reads++;
    if (s >= readsBefore) {
      throw new AssertionError("read second " + s + " at now = " + readsBefore);
    }
  }

  private void minute(long m) {
    reads++;
    if (m >= Math.floorDiv(readsBefore, 60L)) {
      throw new AssertionError("read minute " + m + " at now = " + readsBefore);
    }
  }

  @Override
  public FunctionKey function() {
    return function;
  }

  @Override
  public int readyInstances() {
    return ready;
  }

  @Override
  public long firstSecond() {
    return firstSecond;
  }

  @Override
  public double concurrency(long epochSecond) {
    second(epochSecond);
    return epochSecond < 0 || epochSecond >= concurrency.length
        ? 0
        : concurrency[(int) epochSecond];
  }

  @Override
  public long arrivals(long epochSecond) {
    second(epochSecond);
    return epochSecond < 0 || epochSecond >= arrivals.length ? 0 : arrivals[(int) epochSecond];
  }

  @Override
  public long minuteArrivals(long epochMinute) {
    minute(epochMinute);
    return epochMinute < 0 || epochMinute >= minuteArrivals.length
        ? 0
        : minuteArrivals[(int) epochMinute];
  }

  @Override
  public double minuteConcurrency(long epochMinute) {
    minute(epochMinute);
    double sum = 0;
    for (long s = epochMinute * 60; s < epochMinute * 60 + 60; s++) {
      sum += s < 0 || s >= concurrency.length ? 0 : concurrency[(int) s];
    }
    return sum / 60;
  }

  @Override
  public long lastArrivalNanos() {
    return lastArrivalNanos;
  }

  @Override
  public double durationQuantileSeconds(double q) {
    return durationSeconds;
  }

  @Override
  public double initDurationQuantileSeconds(double q) {
    return initDurationSeconds;
  }

  @Override
  public int retainedSeconds() {
    return concurrency.length;
  }

  @Override
  public int retainedMinutes() {
    return minuteArrivals.length;
  }
}
