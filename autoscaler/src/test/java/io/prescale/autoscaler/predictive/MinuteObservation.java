package io.prescale.autoscaler.predictive;

import io.prescale.core.FunctionKey;
import io.prescale.core.observe.Observation;
import java.util.Random;
import java.util.function.IntToDoubleFunction;

/** Minute counts only, from {@code first}; a week retained, as the collector's windows. */
final class MinuteObservation implements Observation {
  final long first;
  final long[] counts;

  MinuteObservation(long first, long[] counts) {
    this.first = first;
    this.counts = counts;
  }

  /** Poisson counts with the given mean per minute index, seeded. */
  static MinuteObservation poisson(long first, int minutes, IntToDoubleFunction mean, long seed) {
    Random r = new Random(seed);
    long[] c = new long[minutes];
    for (int m = 0; m < minutes; m++) {
      double l = Math.exp(-mean.applyAsDouble(m));
      int k = 0;
      for (double p = r.nextDouble(); p > l; p *= r.nextDouble()) {
        k++;
      }
      c[m] = k;
    }
    return new MinuteObservation(first, c);
  }

  @Override
  public long minuteArrivals(long epochMinute) {
    long i = epochMinute - first;
    if (i >= counts.length) {
      throw new AssertionError("read minute " + i + " of " + counts.length);
    }
    return i < 0 ? 0 : counts[(int) i];
  }

  @Override
  public FunctionKey function() {
    return FunctionKey.of("daily");
  }

  @Override
  public int readyInstances() {
    return 0;
  }

  @Override
  public long firstSecond() {
    return first * 60;
  }

  @Override
  public double concurrency(long epochSecond) {
    return 0;
  }

  @Override
  public long arrivals(long epochSecond) {
    return 0;
  }

  @Override
  public double minuteConcurrency(long epochMinute) {
    return 0;
  }

  @Override
  public long lastArrivalNanos() {
    return 0;
  }

  @Override
  public double durationQuantileSeconds(double q) {
    return 0.1;
  }

  @Override
  public double initDurationQuantileSeconds(double q) {
    return Double.NaN;
  }

  @Override
  public int retainedSeconds() {
    return 3600;
  }

  @Override
  public int retainedMinutes() {
    return 7 * 1440;
  }
}
