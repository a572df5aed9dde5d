package io.prescale.autoscaler.baseline;

import io.prescale.core.observe.Observation;
import io.prescale.core.time.EpochNanos;
import java.time.Duration;

/**
 * Which one-second and one-minute buckets of an {@link Observation} a baseline decider reads at
 * {@code now} (only complete ones), and sums over them; shared by the baselines.
 */
final class BaselineBuckets {
  private BaselineBuckets() {}

  /** A duration as whole seconds, rounded to the nearest, at least 1. */
  static int seconds(Duration d) {
    long s = Math.round(EpochNanos.seconds(d));
    return (int) Math.max(1, Math.min(Integer.MAX_VALUE, s));
  }

  /** The newest complete one-second bucket at {@code nowNanos} (epoch nanoseconds). */
  static long lastCompleteSecond(long nowNanos) {
    return EpochNanos.second(nowNanos) - 1;
  }

  /** The newest complete one-minute bucket at {@code nowNanos} (epoch nanoseconds). */
  static long lastCompleteMinute(long nowNanos) {
    return Math.floorDiv(EpochNanos.second(nowNanos), 60L) - 1;
  }

  /** Mean of {@code obs.concurrency} over the {@code n} seconds ending at {@code last}. */
  static double meanConcurrency(Observation obs, long last, int n) {
    double sum = 0;
    for (long s = last - n + 1; s <= last; s++) {
      double v = obs.concurrency(s);
      if (v > 0) {
        sum += v;
      }
    }
    return sum / n;
  }

  /** Invocations that started in the {@code n} seconds ending at {@code last}. */
  static long arrivals(Observation obs, long last, int n) {
    long sum = 0;
    for (long s = last - n + 1; s <= last; s++) {
      sum += Math.max(0, obs.arrivals(s));
    }
    return sum;
  }
}
