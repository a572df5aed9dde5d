package io.prescale.autoscaler.loop;

import io.prescale.core.FunctionKey;
import io.prescale.core.observe.Observation;

/** A function with nothing observed yet. */
record EmptyObservation(FunctionKey function) implements Observation {
  @Override
  public int readyInstances() {
    return 0;
  }

  @Override
  public long firstSecond() {
    return NONE;
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
    return 0;
  }

  @Override
  public int retainedMinutes() {
    return 0;
  }
}
