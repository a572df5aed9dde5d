package io.prescale.autoscaler.window;

import io.prescale.core.FunctionKey;
import io.prescale.core.observe.Observation;

/** Concurrency per epoch second from 0, set by the test; everything else is empty. */
final class SecondsObservation implements Observation {
  private final double[] concurrency;

  SecondsObservation(int seconds) {
    concurrency = new double[seconds];
  }

  /** Sets concurrency {@code value} for seconds [from, to). */
  SecondsObservation concurrency(long from, long to, double value) {
    for (long s = from; s < to; s++) {
      concurrency[(int) s] = value;
    }
    return this;
  }

  @Override
  public FunctionKey function() {
    return FunctionKey.of("fn");
  }

  @Override
  public int readyInstances() {
    return 0;
  }

  @Override
  public long firstSecond() {
    for (int s = 0; s < concurrency.length; s++) {
      if (concurrency[s] != 0) {
        return s;
      }
    }
    return NONE;
  }

  @Override
  public double concurrency(long epochSecond) {
    return epochSecond < 0 || epochSecond >= concurrency.length
        ? 0
        : concurrency[(int) epochSecond];
  }

  @Override
  public long arrivals(long epochSecond) {
    return 0;
  }

  @Override
  public long minuteArrivals(long epochMinute) {
    return 0;
  }

  @Override
  public double minuteConcurrency(long epochMinute) {
    return 0;
  }

  @Override
  public long lastArrivalNanos() {
    return NONE;
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
    return concurrency.length / 60 + 1;
  }
}
