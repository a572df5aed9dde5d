package io.prescale.simulator.engine;

import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.time.EpochNanos;

/**
 * When a function's decider may stop being ticked: after nothing has happened for this long (no
 * arrival, nothing in flight, nothing queued or starting), a decider of this mode returns the same
 * decision at every further tick until the next arrival, so skipping those ticks changes nothing.
 * When a skipped function's next request arrives, the loop first calls its decider at the grid tick
 * just before the arrival (deciders such as KPA count the seconds since their previous call as
 * scraped when pods are ready), then resumes ticking it. A test runs the skipped modes with and
 * without skipping and compares the reports byte for byte. Decided per function from its own spec,
 * so a policy file that mixes modes skips each function by its own mode's horizon; a function whose
 * spec changes during the run (a rule with schedules) is never skipped.
 *
 * <ul>
 *   <li>keepalive, fixed, off: their decision does not depend on traffic: 0.
 *   <li>kpa: once {@code stableWindow + scaleToZeroGrace} has passed with no traffic, the windows
 *       are all zero, panic has ended and the want is 0 (plus two ticks of margin).
 *   <li>hpa, keda: never skipped: their own 15 s / 30 s evaluation cadence restarts after a gap, so
 *       skipping would shift when they evaluate.
 *   <li>anything else (hybrid-histogram pre-warms after an idle time, predictive forecasts): never
 *       skipped.
 * </ul>
 */
public final class Quiescence {
  static final long NEVER = Long.MAX_VALUE;

  private Quiescence() {}

  /**
   * Whether the mode's decision ignores the observation entirely (keepalive, fixed, off), so the
   * run may skip writing telemetry for it; turned off together with skipping.
   */
  public static boolean trafficBlind(DeciderSpec spec) {
    return horizonNanos(spec) == 0;
  }

  static long horizonNanos(DeciderSpec spec) {
    switch (spec.mode()) {
      case "keepalive":
      case "fixed":
      case "off":
        return 0;
      case "kpa":
        return spec.stableWindow().toNanos()
            + spec.scaleToZeroGrace().toNanos()
            + 2 * spec.tick().toNanos()
            + EpochNanos.PER_SECOND;
      default:
        return NEVER;
    }
  }
}
