package io.prescale.autoscaler.predictive;

import io.prescale.autoscaler.forecast.IdleTimeModel;
import io.prescale.autoscaler.forecast.LevelIdleModel;
import io.prescale.core.observe.Observation;

/**
 * What one function did second by second, read once per second from the observation:
 * <ul>
 *   <li>concurrency (live: written when the second ends) feeds the panic window and the idle-time
 *       model, whose gaps are the idle stretches between busy seconds (the "idle time" of the
 *       hybrid-histogram policy: from the end of one invocation to the next arrival); a settled
 *       second with arrivals is busy too, so requests too short to show any in-flight time
 *       (0 ms spans) still end their gaps instead of merging them; and the per-level idle times
 *       of bursts ({@link LevelIdleModel}; a second's level is the instances its mean concurrency
 *       occupies, the same reading as the decider's reactive floor);</li>
 *   <li>arrivals are read only once settled, {@code settleSeconds} after their second, because
 *       telemetry reports an invocation when it ends (a span), so a second's arrival count is
 *       complete only once its invocations finished. They give the arrivals of the current
 *       minute so far (the nowcast).</li>
 * </ul>
 */
final class ActivityTracker {
  /** A mean of exactly one request in flight can read 1.0000000001; not a second request. */
  static final double LEVEL_TOLERANCE = 1e-3;
  private final IdleTimeModel idle = new IdleTimeModel();
  private LevelIdleModel levels; // from the first second with two requests in flight
  private ReactiveWindow panic = new ReactiveWindow(1);
  private long concurrencyScanned = Long.MIN_VALUE;
  private long lastBusySecond = Observation.NONE;
  private double lastConcurrency;
  private long arrivalsScanned = Long.MIN_VALUE;
  private long partialMinute = Long.MIN_VALUE;
  private int partialArrivals;
  private int partialSeconds;
  private long firstArrival = Observation.NONE;

  /** Reads seconds up to {@code last} (concurrency) and up to {@code settled} (arrivals). */
  void scan(Observation obs, long last, long settled, int panicSeconds) {
    if (panic.length() != panicSeconds) {
      panic = new ReactiveWindow(panicSeconds);
    }
    long firstSecond = obs.firstSecond();
    long oldest = last - Math.max(1, obs.retainedSeconds()) + 1;
    if (firstSecond != Observation.NONE) {
      oldest = Math.max(oldest, firstSecond);
    }
    long from = concurrencyScanned == Long.MIN_VALUE ? oldest : Math.max(oldest, concurrencyScanned + 1);
    for (long s = from; s <= last; s++) {
      double c = obs.concurrency(s);
      panic.add(s, c);
      if (c > 0) {
        if (lastBusySecond != Observation.NONE && s - lastBusySecond > 1) {
          idle.record(s - lastBusySecond - 1);
        }
        lastBusySecond = s;
        int level = (int) Math.ceil(c - LEVEL_TOLERANCE);
        if (level >= LevelIdleModel.LEVELS[0]) {
          if (levels == null) {
            levels = new LevelIdleModel();
          }
          levels.observe(s, level);
        }
      }
    }
    concurrencyScanned = Math.max(concurrencyScanned, last);
    lastConcurrency = obs.concurrency(last);
    if (firstSecond == Observation.NONE) {
      return;
    }
    long aFrom = arrivalsScanned == Long.MIN_VALUE ? Math.max(oldest, settled - 59)
        : Math.max(oldest, arrivalsScanned + 1);
    for (long s = aFrom; s <= settled; s++) {
      long minute = Math.floorDiv(s, 60);
      if (minute != partialMinute) {
        partialMinute = minute;
        partialArrivals = 0;
        partialSeconds = 0;
      }
      partialSeconds++;
      long a = obs.arrivals(s);
      if (a > 0 && firstArrival == Observation.NONE) {
        firstArrival = s;
      }
      if (a > 0 && (lastBusySecond == Observation.NONE || s > lastBusySecond)) {
        // an arrival is activity even when no in-flight time was measured for it (a request
        // of ~0 ms, or a platform that reports no concurrency): it ends an idle gap too
        if (lastBusySecond != Observation.NONE && s - lastBusySecond > 1) {
          idle.record(s - lastBusySecond - 1);
        }
        lastBusySecond = s;
      }
      if (a > 0) {
        partialArrivals += (int) Math.min(Integer.MAX_VALUE - partialArrivals, a);
      }
    }
    arrivalsScanned = Math.max(arrivalsScanned, settled);
  }

  IdleTimeModel idle() {
    return idle;
  }

  /** The per-level idle times; null until concurrency first reached two. */
  LevelIdleModel levels() {
    return levels;
  }

  /** Mean concurrency over the panic window ending at {@code last}. */
  double panicAverage(long last) {
    return panic.average(last);
  }

  /** Concurrency of the newest complete second. */
  double lastConcurrency() {
    return lastConcurrency;
  }

  /** Whole idle seconds since the last busy second, as of {@code nowSec}; NaN before any. */
  double idleAge(long nowSec) {
    return lastBusySecond == Observation.NONE ? Double.NaN : Math.max(0, nowSec - 1 - lastBusySecond);
  }

  /** Settled arrivals so far in {@code minute} (0 when the settled seconds are in an older minute). */
  int partialArrivals(long minute) {
    return minute == partialMinute ? partialArrivals : 0;
  }

  /**
   * Settled arrivals in {@code minute} that say something about the rate: all of them, less the
   * function's first arrival ever seen, which only revealed that the function exists (a Poisson
   * stream observed from its first event has {@code n - 1} informative events in the time since
   * it). Used while the rate model has no history.
   */
  int informativeArrivals(long minute) {
    int k = partialArrivals(minute);
    return firstArrival != Observation.NONE && Math.floorDiv(firstArrival, 60) == minute ? Math.max(0, k - 1) : k;
  }

  /** Settled seconds in {@code minute} after the first arrival ever seen (all of them when it came earlier). */
  int informativeSeconds(long minute) {
    int t = partialSeconds(minute);
    if (firstArrival == Observation.NONE || Math.floorDiv(firstArrival, 60) != minute) {
      return t;
    }
    return (int) Math.max(0, Math.min(t, arrivalsScanned - firstArrival));
  }

  /** Settled seconds so far in {@code minute}. */
  int partialSeconds(long minute) {
    return minute == partialMinute ? partialSeconds : 0;
  }
}
