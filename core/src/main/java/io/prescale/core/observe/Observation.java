package io.prescale.core.observe;

import io.prescale.core.FunctionKey;

/**
 * What a decider may know about one function at one tick: its recent telemetry in one-second and
 * one-minute buckets, and the instances the platform reports ready. Implementations answer only
 * from data recorded before the tick (a decision never reads the future).
 *
 * <p>Buckets are addressed by epoch second or epoch minute. A bucket outside the retained range or
 * with no data answers zero. Implementations are not required to be thread-safe: the tick loop
 * reads one function's observation from one thread at a time.
 */
public interface Observation {
  /** Answer of {@link #firstSecond()} and {@link #lastArrivalNanos()} when nothing was seen. */
  long NONE = Long.MIN_VALUE;

  FunctionKey function();

  /**
   * Instances the platform reports ready now (adapters' actual state, or the simulated platform's).
   */
  int readyInstances();

  /** Epoch second of the first bucket that received data, or {@link #NONE}. */
  long firstSecond();

  /** Time-weighted mean in-flight invocations during the second starting at {@code epochSecond}. */
  double concurrency(long epochSecond);

  /** Invocations that started during the second starting at {@code epochSecond}. */
  long arrivals(long epochSecond);

  /**
   * Invocations that ended during the second starting at {@code epochSecond} (as far as their
   * telemetry has come); -1 when the source does not report ends. Spans arrive as invocations end,
   * so ends are known at once while their arrivals are known only then.
   */
  default long completions(long epochSecond) {
    return -1;
  }

  /** Invocations that started during the minute starting at {@code epochMinute * 60} seconds. */
  long minuteArrivals(long epochMinute);

  /** Time-weighted mean in-flight invocations during that minute. */
  double minuteConcurrency(long epochMinute);

  /** Start of the newest invocation seen, nanoseconds since the epoch, or {@link #NONE}. */
  long lastArrivalNanos();

  /** Quantile {@code q} in (0, 1) of recent invocation durations, seconds; NaN when none seen. */
  double durationQuantileSeconds(double q);

  /**
   * Quantile {@code q} of recent cold-start initialisation durations, seconds; NaN when none seen.
   */
  double initDurationQuantileSeconds(double q);

  /** How many one-second buckets back from now this observation can answer. */
  int retainedSeconds();

  /** How many one-minute buckets back from now this observation can answer. */
  int retainedMinutes();
}
