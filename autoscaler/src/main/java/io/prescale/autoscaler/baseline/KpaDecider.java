package io.prescale.autoscaler.baseline;

import io.prescale.autoscaler.window.SecondAverages;
import io.prescale.core.FunctionKey;
import io.prescale.core.decide.Decider;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.observe.Observation;
import io.prescale.core.time.EpochNanos;
import java.util.Map;

/**
 * Knative Serving's KPA (stable and panic windows, scale to zero), after knative/serving's {@code
 * pkg/autoscaler/scaling/autoscaler.go}. The algorithm and every deliberate deviation from
 * upstream: {@code docs/baselines.md}, section "KPA".
 */
final class KpaDecider implements Decider {
  static final String NAME = "kpa";
  private static final long NONE = Long.MIN_VALUE;

  private final FunctionKey function;
  private final SecondAverages window = SecondAverages.knative();
  private boolean started;
  private long panicTimeNanos = NONE;
  private int maxPanicPods;
  // the signals of the previous decision, reused while nothing changed (idle functions)
  private Map<String, Double> signals;
  private double sStable;
  private double sPanic;
  private boolean sPanicking;
  private int sStablePods;
  private int sPanicPods;
  private int sReady;
  private double sTarget;
  private int sWant;

  KpaDecider(FunctionKey function) {
    this.function = function;
  }

  @Override
  public ScaleDecision decide(DeciderSpec spec, Observation obs, long nowNanos) {
    int readyPods = Math.max(0, obs.readyInstances());
    if (!started) {
      started = true;
      if (readyPods > 1) {
        panicTimeNanos = nowNanos;
        maxPanicPods = readyPods;
      }
    }
    int stableBuckets = BaselineBuckets.seconds(spec.stableWindow());
    int panicBuckets = Math.min(stableBuckets, BaselineBuckets.seconds(spec.panicWindow()));
    long last = BaselineBuckets.lastCompleteSecond(nowNanos);
    window.advance(obs, last, stableBuckets, panicBuckets, readyPods > 0);
    long lastArrival = obs.lastArrivalNanos();
    if (obs.firstSecond() == Observation.NONE && lastArrival == Observation.NONE) {
      return ScaleDecision.notReady(function, nowNanos, NAME, "no data yet");
    }

    double ready = Math.max(1, readyPods);
    double maxUp = Math.ceil(spec.maxScaleUpRate() * ready);
    double maxDown = Math.floor(ready / spec.maxScaleDownRate());
    double target = spec.targetPerInstance();
    double stableAvg = window.stableAverage();
    double panicAvg = window.panicAverage();
    double dspc = Math.ceil(stableAvg / target);
    double dppc = Math.ceil(panicAvg / target);
    int stablePods = (int) Math.min(Math.max(dspc, maxDown), maxUp);
    int panicPods = (int) Math.min(Math.max(dppc, maxDown), maxUp);
    boolean over = dppc / ready >= spec.panicThresholdPercentage() / 100.0;

    String reason;
    if (over) {
      panicTimeNanos = nowNanos;
    } else if (panicTimeNanos != NONE
        && nowNanos > panicTimeNanos + spec.stableWindow().toNanos()) {
      panicTimeNanos = NONE;
      maxPanicPods = 0;
    }
    int want = stablePods;
    boolean panicking = panicTimeNanos != NONE;
    if (panicking) {
      int candidate = Math.max(stablePods, panicPods);
      if (candidate > maxPanicPods) {
        maxPanicPods = candidate;
      }
      want = maxPanicPods;
      reason =
          over
              ? "panic: panic-window demand >= threshold x ready pods"
              : "panic: holding the highest count, no scale-down";
    } else {
      reason = "stable: stable-window average / target";
    }

    if (want == 0) {
      long busyEnd =
          window.lastBusySecond() == Observation.NONE
              ? NONE
              : (window.lastBusySecond() + 1) * EpochNanos.PER_SECOND;
      long lastTraffic = Math.max(busyEnd, lastArrival);
      long idleNeeded = spec.stableWindow().toNanos() + spec.scaleToZeroGrace().toNanos();
      if (lastTraffic != NONE && nowNanos - lastTraffic < idleNeeded) {
        want = 1;
        reason =
            readyPods == 0
                ? "activator: request at zero, scale from zero"
                : "idle, waiting stable window + scale-to-zero grace: keep 1";
      } else if (!spec.scaleToZero()) {
        want = 1;
        reason = "idle, scale-to-zero disabled: keep 1";
      } else {
        reason = "scale to zero: no traffic for stable window + grace";
      }
    }

    if (signals == null
        || stableAvg != sStable
        || panicAvg != sPanic
        || panicking != sPanicking
        || stablePods != sStablePods
        || panicPods != sPanicPods
        || readyPods != sReady
        || target != sTarget
        || want != sWant) {
      sStable = stableAvg;
      sPanic = panicAvg;
      sPanicking = panicking;
      sStablePods = stablePods;
      sPanicPods = panicPods;
      sReady = readyPods;
      sTarget = target;
      sWant = want;
      signals =
          Map.of(
              "stableConcurrency",
              stableAvg,
              "panicConcurrency",
              panicAvg,
              "panicking",
              panicking ? 1.0 : 0.0,
              "desiredStable",
              (double) stablePods,
              "desiredPanic",
              (double) panicPods,
              "ready",
              (double) readyPods,
              "target",
              target,
              "desired",
              (double) want);
    }
    return new ScaleDecision(function, nowNanos, true, want, null, NAME, reason, signals);
  }
}
