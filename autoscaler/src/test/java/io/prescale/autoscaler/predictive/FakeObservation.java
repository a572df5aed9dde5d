package io.prescale.autoscaler.predictive;

import io.prescale.core.FunctionKey;
import io.prescale.core.observe.Observation;

/**
 * Array-backed observation: per-second arrivals and concurrency from {@code start}, a fixed
 * duration, settable ready count and "now". Reading a bucket at or after now fails the test, which
 * is how the decider's honesty (no reads of the incomplete current second) is checked.
 */
final class FakeObservation implements Observation {
  final long start;
  final long[] arrivals;
  final double[] concurrency;
  double durationSeconds = 0.5;
  double initSeconds = Double.NaN;
  int ready;
  long nowSecond;

  /** Arrivals show only once their requests ended, as spans report them (false: at once). */
  boolean reportedAtEnd;

  /** Whether {@link #completions} reports the ends (false: -1, a source that does not say). */
  boolean reportsEnds;

  final long[] ends;

  FakeObservation(long start, int seconds) {
    this.start = start;
    this.arrivals = new long[seconds];
    this.concurrency = new double[seconds];
    this.ends = new long[seconds];
  }

  /**
   * Adds {@code n} arrivals at {@code second}, each in flight for the duration (whole seconds, at
   * least 1).
   */
  void arrive(long second, long n) {
    int i = (int) (second - start);
    arrivals[i] += n;
    int end = i + (int) Math.ceil(durationSeconds);
    if (end < ends.length) {
      ends[end] += n;
    }
    double remaining = n * durationSeconds;
    for (int j = i; j < concurrency.length && remaining > 0; j++) {
      double add = Math.min(n, remaining);
      concurrency[j] += add;
      remaining -= add;
    }
  }

  FakeObservation at(long second) {
    nowSecond = second;
    return this;
  }

  private void check(long second) {
    if (second >= nowSecond) {
      throw new AssertionError(
          "read second "
              + second
              + " at now "
              + nowSecond
              + ": the future or the incomplete current second");
    }
  }

  @Override
  public FunctionKey function() {
    return FunctionKey.of("fake");
  }

  @Override
  public int readyInstances() {
    return ready;
  }

  @Override
  public long firstSecond() {
    for (int i = 0; i < arrivals.length && start + i < nowSecond; i++) {
      if (arrivals[i] > 0 || concurrency[i] > 0) {
        return start + i;
      }
    }
    return NONE;
  }

  @Override
  public double concurrency(long s) {
    check(s);
    int i = (int) (s - start);
    return i < 0 || i >= concurrency.length ? 0 : concurrency[i];
  }

  @Override
  public long arrivals(long s) {
    check(s);
    int i = (int) (s - start);
    return i < 0 || i >= arrivals.length || !reported(s) ? 0 : arrivals[i];
  }

  @Override
  public long completions(long s) {
    check(s);
    int i = (int) (s - start);
    return !reportsEnds ? -1 : i < 0 || i >= ends.length ? 0 : ends[i];
  }

  private boolean reported(long second) {
    return !reportedAtEnd || second + Math.ceil(durationSeconds) < nowSecond;
  }

  @Override
  public long minuteArrivals(long minute) {
    check(minute * 60 + 59);
    long sum = 0;
    for (long s = minute * 60; s < minute * 60 + 60; s++) {
      int i = (int) (s - start);
      if (i >= 0 && i < arrivals.length && reported(s)) {
        sum += arrivals[i];
      }
    }
    return sum;
  }

  @Override
  public double minuteConcurrency(long minute) {
    check(minute * 60 + 59);
    double sum = 0;
    for (long s = minute * 60; s < minute * 60 + 60; s++) {
      int i = (int) (s - start);
      if (i >= 0 && i < concurrency.length) {
        sum += concurrency[i];
      }
    }
    return sum / 60;
  }

  @Override
  public long lastArrivalNanos() {
    for (int i = (int) Math.min(arrivals.length - 1, nowSecond - 1 - start); i >= 0; i--) {
      if (arrivals[i] > 0) {
        return (start + i) * 1_000_000_000L;
      }
    }
    return NONE;
  }

  @Override
  public double durationQuantileSeconds(double q) {
    return durationSeconds;
  }

  @Override
  public double initDurationQuantileSeconds(double q) {
    return initSeconds;
  }

  @Override
  public int retainedSeconds() {
    return 3600;
  }

  @Override
  public int retainedMinutes() {
    return 1440;
  }
}
