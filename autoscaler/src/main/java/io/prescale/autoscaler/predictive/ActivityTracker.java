package io.prescale.autoscaler.predictive;

import io.prescale.autoscaler.forecast.IdleTimeModel;
import io.prescale.autoscaler.forecast.LevelIdleModel;
import io.prescale.autoscaler.window.SecondAverages;
import io.prescale.core.observe.Observation;
import java.util.function.DoubleConsumer;

/**
 * What one function did second by second, read once per second from the observation:
 *
 * <ul>
 *   <li>concurrency (live: written when the second ends) feeds the panic window and the idle-time
 *       model, whose gaps are the idle stretches between busy seconds (the "idle time" of the
 *       hybrid-histogram policy: from the end of one invocation to the next arrival); a settled
 *       second with arrivals is busy too, so requests too short to show any in-flight time (0 ms
 *       spans) still end their gaps instead of merging them; and the per-level idle times of bursts
 *       ({@link LevelIdleModel}; a second's level is the instances its mean concurrency occupies,
 *       the same reading as the decider's reactive floor);
 *   <li>arrivals are read only once settled, {@code settleSeconds} after their second, because
 *       telemetry reports an invocation when it ends (a span), so a second's arrival count is
 *       complete only once its invocations finished. They give the arrivals of the current minute
 *       so far (the nowcast).
 *   <li>on the first scan of a function with history older than the second tier (a restart that
 *       restored its windows, or a decider created for a function tracked for long), the idle gaps
 *       before that tier are read from the minute tier, up to the day the forecast models replay
 *       too: the gap between two busy minutes {@code m1 < m2} with idle minutes between is taken as
 *       {@code (m2 - m1) x 60 - 1} seconds (the expected gap between arrivals placed anywhere in
 *       their minutes), so a sparse function's rhythm is not relearnt from scratch.
 * </ul>
 */
final class ActivityTracker {
  /** A mean of exactly one request in flight can read 1.0000000001; not a second request. */
  static final double LEVEL_TOLERANCE = 1e-3;

  private final IdleTimeModel idle = new IdleTimeModel();
  private LevelIdleModel levels; // from the first second with two requests in flight
  private SecondAverages panic = SecondAverages.fed(1);
  private long concurrencyScanned = Long.MIN_VALUE;
  private long lastBusySecond = Observation.NONE;
  private double lastConcurrency;
  private long arrivalsScanned = Long.MIN_VALUE;
  private long partialMinute = Long.MIN_VALUE;
  private int partialArrivals;
  private int partialSeconds;
  private long firstArrival = Observation.NONE;
  private DoubleConsumer gapListener = g -> {};

  /**
   * Told every idle gap scanned from the second tier as it ends (not those seeded from minutes).
   */
  void onGap(DoubleConsumer listener) {
    this.gapListener = listener;
  }

  /** Reads seconds up to {@code last} (concurrency) and up to {@code settled} (arrivals). */
  void scan(Observation obs, long last, long settled, int panicSeconds) {
    if (panic.length() != panicSeconds) {
      panic = SecondAverages.fed(panicSeconds);
    }
    long firstSecond = obs.firstSecond();
    long oldest = last - Math.max(1, obs.retainedSeconds()) + 1;
    if (firstSecond != Observation.NONE) {
      oldest = Math.max(oldest, firstSecond);
    }
    if (concurrencyScanned == Long.MIN_VALUE
        && firstSecond != Observation.NONE
        && firstSecond < oldest) {
      seedFromMinutes(obs, Math.floorDiv(firstSecond, 60), Math.floorDiv(oldest, 60));
    }
    long from =
        concurrencyScanned == Long.MIN_VALUE ? oldest : Math.max(oldest, concurrencyScanned + 1);
    for (long s = from; s <= last; s++) {
      double c = obs.concurrency(s);
      panic.record(s, c);
      if (c > 0) {
        if (lastBusySecond != Observation.NONE && s - lastBusySecond > 1) {
          gap(s - lastBusySecond - 1);
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
    long aFrom =
        arrivalsScanned == Long.MIN_VALUE
            ? Math.max(oldest, settled - 59)
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
          gap(s - lastBusySecond - 1);
        }
        lastBusySecond = s;
      }
      if (a > 0) {
        partialArrivals += (int) Math.min(Integer.MAX_VALUE - partialArrivals, a);
      }
    }
    arrivalsScanned = Math.max(arrivalsScanned, settled);
  }

  private void gap(double seconds) {
    idle.record(seconds);
    gapListener.accept(seconds);
  }

  /** Idle gaps between busy minutes in [firstMinute, beforeMinute), at most a day back. */
  private void seedFromMinutes(Observation obs, long firstMinute, long beforeMinute) {
    int keep = Math.min(ForecastTrack.MAX_HISTORY_MINUTES, Math.max(1, obs.retainedMinutes()));
    long lastBusy = Long.MIN_VALUE;
    for (long m = Math.max(firstMinute, beforeMinute - keep); m < beforeMinute; m++) {
      if (obs.minuteArrivals(m) > 0 || obs.minuteConcurrency(m) > 0) {
        if (lastBusy != Long.MIN_VALUE && m - lastBusy > 1) {
          idle.record((m - lastBusy) * 60.0 - 1);
        }
        lastBusy = m;
      }
    }
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

  /**
   * Net growth of the requests in flight per second over the {@code seconds} before {@code last}
   * (from the mean of second {@code last - seconds} to that of {@code last}), less the one request
   * that revealed it, 0 when they fell: a lower bound of the arrival rate there (arrivals = growth
   * + departures) that telemetry shows as requests start, long before their spans end and count
   * them as arrivals. The first request of a stretch says only that the function is busy, not how
   * often requests come (as for the nowcast, {@link #informativeArrivals}).
   */
  double inFlightGrowth(Observation obs, long last, int seconds) {
    if (seconds <= 0 || lastConcurrency <= 1) {
      return 0;
    }
    return Math.max(0, (lastConcurrency - obs.concurrency(last - seconds) - 1) / seconds);
  }

  /** Concurrency of the newest complete second. */
  double lastConcurrency() {
    return lastConcurrency;
  }

  /** Whole idle seconds since the last busy second, as of {@code nowSec}; NaN before any. */
  double idleAge(long nowSec) {
    return lastBusySecond == Observation.NONE
        ? Double.NaN
        : Math.max(0, nowSec - 1 - lastBusySecond);
  }

  /**
   * Settled arrivals so far in {@code minute} (0 when the settled seconds are in an older minute).
   */
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
    return firstArrival != Observation.NONE && Math.floorDiv(firstArrival, 60) == minute
        ? Math.max(0, k - 1)
        : k;
  }

  /**
   * Settled seconds in {@code minute} after the first arrival ever seen (all of them when it came
   * earlier).
   */
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
