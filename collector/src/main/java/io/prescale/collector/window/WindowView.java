package io.prescale.collector.window;

import io.prescale.core.FunctionKey;
import io.prescale.core.observe.Observation;

/**
 * A cheap {@link Observation} over one {@link FunctionWindows}: it reads the live buckets, but only
 * those before its horizon (epoch second, exclusive), so it never answers from the future. A minute
 * that contains the horizon answers from its seconds before the horizon.
 */
final class WindowView implements Observation {
  private final FunctionWindows windows;
  private final int ready;
  private final long horizonSecond;
  private final long horizonNanos;

  WindowView(FunctionWindows windows, int ready, long horizonSecond, long horizonNanos) {
    this.windows = windows;
    this.ready = ready;
    this.horizonSecond = horizonSecond;
    this.horizonNanos = horizonNanos;
  }

  @Override
  public FunctionKey function() {
    return windows.function();
  }

  @Override
  public int readyInstances() {
    return ready;
  }

  @Override
  public long firstSecond() {
    long first = windows.firstSecond();
    return first != NONE && first < horizonSecond ? first : NONE;
  }

  @Override
  public double concurrency(long epochSecond) {
    return epochSecond < horizonSecond ? windows.concurrency(epochSecond) : 0;
  }

  @Override
  public long arrivals(long epochSecond) {
    return epochSecond < horizonSecond ? windows.arrivals(epochSecond) : 0;
  }

  @Override
  public long completions(long epochSecond) {
    return epochSecond < horizonSecond ? windows.completions(epochSecond) : 0;
  }

  @Override
  public long minuteArrivals(long epochMinute) {
    long start = epochMinute * 60;
    if (start >= horizonSecond) {
      return 0;
    }
    if (start + 60 > horizonSecond) {
      return windows.arrivalsBetween(start, horizonSecond);
    }
    return windows.minuteArrivals(epochMinute);
  }

  @Override
  public double minuteConcurrency(long epochMinute) {
    long start = epochMinute * 60;
    if (start >= horizonSecond) {
      return 0;
    }
    if (start + 60 > horizonSecond) {
      return windows.inflightBetween(start, horizonSecond) / (horizonSecond - start);
    }
    return windows.minuteInflight(epochMinute) / 60.0;
  }

  @Override
  public long lastArrivalNanos() {
    return windows.lastArrivalBefore(horizonNanos);
  }

  @Override
  public double durationQuantileSeconds(double q) {
    return windows.durationQuantile(q);
  }

  @Override
  public double initDurationQuantileSeconds(double q) {
    return windows.initDurationQuantile(q);
  }

  @Override
  public int retainedSeconds() {
    return windows.config().retainedSeconds();
  }

  @Override
  public int retainedMinutes() {
    return windows.config().retainedMinutes();
  }
}
