package io.prescale.autoscaler.baseline;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.Decider;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.observe.Observation;
import java.time.Instant;
import java.util.Map;

/**
 * Knative Serving's KPA, after {@code pkg/autoscaler/scaling/autoscaler.go} ({@code Scale}) and
 * the scale-to-zero part of {@code pkg/reconciler/autoscaling/kpa/scaler.go}.
 *
 * <p>Every call: {@code ready = max(1, readyPods)}, {@code maxUp = ceil(maxScaleUpRate * ready)},
 * {@code maxDown = floor(ready / maxScaleDownRate)}, {@code dspc = ceil(stableAvg / target)},
 * {@code dppc = ceil(panicAvg / target)}, both clamped to [maxDown, maxUp]. Panic starts or is
 * extended when {@code dppc / ready >= panicThreshold}; it ends, and maxPanicPods resets to 0,
 * at the first call with {@code now > panicTime + stableWindow} that is not over the threshold.
 * In panic the want is {@code maxPanicPods = max(maxPanicPods, stablePods, panicPods)}: it never
 * goes down. Target per pod is {@link DeciderSpec#targetPerInstance()}.
 *
 * <p>Deviations from upstream, all deliberate:
 * <ul>
 *   <li>Metric source: {@link Observation#concurrency(long)} one-second buckets (Knative scrapes
 *       queue-proxy/activator every second into one-second buckets: the same granularity). Only
 *       complete seconds are read (newest = {@code now - 1 s}); Knative also averages the
 *       still-filling bucket of {@code now}.</li>
 *   <li>"Writes" for the partial-window average (and its reset after a window without data):
 *       every second while pods are ready (Knative scrapes them every second, zeros included),
 *       else the seconds with concurrency above zero (activator reports).</li>
 *   <li>Window averages are kept as running sums ({@link SecondWindow}); the newest panic-window
 *       seconds are re-read every call and the whole window once per window length, so late data
 *       older than the panic window may enter the stable average up to one window late.</li>
 *   <li>Start in panic: upstream enters panic when the autoscaler is created with more than one
 *       ready pod; {@code create} gets no observation here, so this happens at the first call
 *       ({@code panicTime = now}, {@code maxPanicPods = readyPods}, only if readyPods > 1).</li>
 *   <li>Scale to zero (the reconciler's job upstream: PA inactive after the stable window at
 *       desired 0, then the grace period with the activator in the path) is folded in: when the
 *       want is 0 the decision stays at 1 until no traffic (no arrival, no busy second) has been
 *       seen for {@code stableWindow + scaleToZeroGrace}; with {@code scaleToZero=false} it stays
 *       at 1. A want of 0 happens only with at most one ready pod, so 1 is "keep current".
 *       Pod retention period and scale-down delay are 0 (their defaults) and not modelled.</li>
 *   <li>Activator poke: when the want is 0 but an invocation arrived recently (including in the
 *       second still filling, read through {@link Observation#lastArrivalNanos()}), the decision
 *       is at least 1, so a request at zero scales from zero at once.</li>
 *   <li>No data at all yet (no bucket, no arrival): "not ready" (Knative's ErrNoData -> invalid
 *       ScaleResult); initial-scale is the platform's concern. Revisions are always reachable
 *       (maxDown is never forced to 0); activation-scale is 1; excess burst capacity is not
 *       computed (it steers the activator's position, not the pod count).</li>
 *   <li>min-scale/max-scale clamping is left to the tick loop ({@link ScaleDecision#clampedTo}),
 *       as Knative applies bounds after the decider.</li>
 * </ul>
 */
final class KpaDecider implements Decider {
  static final String NAME = "kpa";
  private static final long NONE = Long.MIN_VALUE;

  private final FunctionKey function;
  private final SecondWindow window = new SecondWindow();
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
  public ScaleDecision decide(DeciderSpec spec, Observation obs, Instant now) {
    long nowNanos = BaselineBuckets.nanos(now);
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
    long last = BaselineBuckets.lastCompleteSecond(now);
    window.advance(obs, last, stableBuckets, panicBuckets, readyPods > 0);
    long lastArrival = obs.lastArrivalNanos();
    if (obs.firstSecond() == Observation.NONE && lastArrival == Observation.NONE) {
      return ScaleDecision.notReady(function, now, NAME, "no data yet");
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
      reason = over ? "panic: panic-window demand >= threshold x ready pods"
          : "panic: holding the highest count, no scale-down";
    } else {
      reason = "stable: stable-window average / target";
    }

    if (want == 0) {
      long busyEnd = window.lastBusySecond() == Observation.NONE
          ? NONE : (window.lastBusySecond() + 1) * 1_000_000_000L;
      long lastTraffic = Math.max(busyEnd, lastArrival);
      long idleNeeded = spec.stableWindow().toNanos() + spec.scaleToZeroGrace().toNanos();
      if (lastTraffic != NONE && nowNanos - lastTraffic < idleNeeded) {
        want = 1;
        reason = readyPods == 0 ? "activator: request at zero, scale from zero"
            : "idle, waiting stable window + scale-to-zero grace: keep 1";
      } else if (!spec.scaleToZero()) {
        want = 1;
        reason = "idle, scale-to-zero disabled: keep 1";
      } else {
        reason = "scale to zero: no traffic for stable window + grace";
      }
    }

    if (signals == null || stableAvg != sStable || panicAvg != sPanic || panicking != sPanicking
        || stablePods != sStablePods || panicPods != sPanicPods || readyPods != sReady
        || target != sTarget || want != sWant) {
      sStable = stableAvg;
      sPanic = panicAvg;
      sPanicking = panicking;
      sStablePods = stablePods;
      sPanicPods = panicPods;
      sReady = readyPods;
      sTarget = target;
      sWant = want;
      signals = Map.of(
          "stableConcurrency", stableAvg,
          "panicConcurrency", panicAvg,
          "panicking", panicking ? 1.0 : 0.0,
          "desiredStable", (double) stablePods,
          "desiredPanic", (double) panicPods,
          "ready", (double) readyPods,
          "target", target,
          "desired", (double) want);
    }
    return new ScaleDecision(function, now, true, want, null, NAME, reason, signals);
  }
}
