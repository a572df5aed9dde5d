package io.prescale.autoscaler.baseline;

import io.prescale.core.FunctionKey;
import io.prescale.core.observe.Observation;
import java.util.Arrays;

/**
 * An {@link Observation} backed by arrays indexed from epoch second / minute 0, for hand-computed
 * scenarios. Data is set by the test; it does not hide "future" buckets (deciders must not read
 * them: tests check that by putting data in the second that contains {@code now}).
 */
final class FakeObservation implements Observation {
  private final double[] concurrency;
  private final long[] arrivals;
  private final long[] minuteArrivals;
  private int ready;
  private long firstSecond = NONE;
  private long lastArrivalNanos = NONE;

  FakeObservation(int seconds) {
    concurrency = new double[seconds];
    arrivals = new long[seconds];
    minuteArrivals = new long[seconds / 60 + 1];
  }

  static FakeObservation ofSeconds(int seconds) {
    return new FakeObservation(seconds);
  }

  FakeObservation ready(int n) {
    ready = n;
    return this;
  }

  /** Sets concurrency {@code value} for seconds [from, to). */
  FakeObservation concurrency(long from, long to, double value) {
    for (long s = from; s < to; s++) {
      concurrency[(int) s] = value;
      markFirst(s);
    }
    return this;
  }

  /** Records {@code count} arrivals at second {@code s} (minute counts follow). */
  FakeObservation arrivals(long s, long count) {
    arrivals[(int) s] += count;
    minuteArrivals[(int) (s / 60)] += count;
    markFirst(s);
    lastArrivalNanos = Math.max(lastArrivalNanos, s * 1_000_000_000L);
    return this;
  }

  /** Records {@code count} arrivals in minute {@code m} (at its first second). */
  FakeObservation minuteArrivals(long m, long count) {
    return arrivals(m * 60, count);
  }

  FakeObservation lastArrivalNanos(long nanos) {
    lastArrivalNanos = nanos;
    return this;
  }

  FakeObservation clear() {
    Arrays.fill(concurrency, 0);
    return this;
  }

  private void markFirst(long s) {
    if (firstSecond == NONE || s < firstSecond) {
      firstSecond = s;
    }
  }

  @Override
  public FunctionKey function() {
    return FunctionKey.of("fn");
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
    return epochSecond < 0 || epochSecond >= concurrency.length ? 0 : concurrency[(int) epochSecond];
  }

  @Override
  public long arrivals(long epochSecond) {
    return epochSecond < 0 || epochSecond >= arrivals.length ? 0 : arrivals[(int) epochSecond];
  }

  @Override
  public long minuteArrivals(long epochMinute) {
    return epochMinute < 0 || epochMinute >= minuteArrivals.length ? 0 : minuteArrivals[(int) epochMinute];
  }

  @Override
  public double minuteConcurrency(long epochMinute) {
    double sum = 0;
    for (long s = epochMinute * 60; s < epochMinute * 60 + 60; s++) {
      sum += concurrency(s);
    }
    return sum / 60;
  }

  @Override
  public long lastArrivalNanos() {
    return lastArrivalNanos;
  }

  @Override
  public double durationQuantileSeconds(double q) {
    return Double.NaN;
  }

  @Override
  public double initDurationQuantileSeconds(double q) {
    return Double.NaN;
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
