package io.prescale.autoscaler.baseline;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.Decider;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.observe.Observation;
import java.time.Instant;
import java.util.Map;

/**
 * KEDA (kedacore/keda: {@code pkg/scaling/scale_handler.go} polling, {@code
 * pkg/scaling/executor/scale_scaledobjects.go} {@code RequestScale}) in front of the HPA it creates.
 *
 * <p>Defaults: pollingInterval 30 s, cooldownPeriod 300 s, minReplicaCount
 * {@code spec.minInstances} (0 by default), activationThreshold 0, metric target (AverageValue)
 * {@link DeciderSpec#targetPerInstance()}. At each poll the trigger is active when its metric is
 * above the activation threshold. Then, as {@code RequestScale}: replicas 0 and active ->
 * {@code max(minReplicaCount, 1)} (lastActiveTime = now); active -> lastActiveTime = now;
 * inactive, replicas > 0, minReplicaCount 0 -> 0 once {@code lastActiveTime + cooldown < now}.
 * While replicas > 0 the HPA (15 s sync, minReplicas {@code max(1, minReplicaCount)}, default
 * behavior in {@link HpaBehavior}) scales on the external metric with an AverageValue target:
 * {@code ratio = sum / (threshold * statusReplicas)}; outside the 0.1 tolerance
 * {@code desired = ceil(sum / threshold)}, else statusReplicas. At 0 the HPA is idle, as upstream.
 *
 * <p>Deviations from upstream:
 * <ul>
 *   <li>Metric: the trigger reads the function's total concurrency (a Prometheus-style
 *       {@code sum} of in-flight requests), averaged over the complete seconds of the last
 *       polling interval (30 s) for activation and of the last HPA sync (15 s) for the HPA. For
 *       activation, arrivals in the polling interval also count as activity (with the default
 *       threshold 0), so requests held at zero replicas, which may not be in flight yet, activate
 *       the function as a queue-length trigger would.</li>
 *   <li>statusReplicas is taken as the replicas last set (pods are created at once, so
 *       status.replicas follows spec.replicas; pod start-up is not separated).</li>
 *   <li>Polling and sync run on the 2 s decision tick (see {@link Cadence}); between them the
 *       previous decision is returned unchanged. No fallback, no pause, no idleReplicaCount.</li>
 * </ul>
 */
final class KedaDecider implements Decider {
  static final String NAME = "keda";
  static final long POLLING_NANOS = 30_000_000_000L;
  static final long COOLDOWN_NANOS = 300_000_000_000L;
  static final double ACTIVATION_THRESHOLD = 0;
  private static final int POLL_SECONDS = 30;
  private static final int SYNC_SECONDS = 15;
  private static final long NONE = Long.MIN_VALUE;

  private final FunctionKey function;
  private final Cadence polling = new Cadence();
  private final Cadence sync = new Cadence();
  private final HpaBehavior behavior = new HpaBehavior();
  private int replicas = -1;
  private long lastActiveNanos = NONE;
  private ScaleDecision last;

  KedaDecider(FunctionKey function) {
    this.function = function;
  }

  @Override
  public ScaleDecision decide(DeciderSpec spec, Observation obs, Instant now) {
    long nowNanos = BaselineBuckets.nanos(now);
    boolean poll = polling.due(nowNanos, POLLING_NANOS);
    boolean hpaSync = sync.due(nowNanos, HpaBehavior.SYNC_NANOS);
    if (!poll && !hpaSync) {
      return last; // the first call is always due, so last is set
    }
    if (replicas < 0) {
      replicas = Math.max(0, obs.readyInstances());
    }
    long lastSecond = BaselineBuckets.lastCompleteSecond(now);
    int minReplicaCount = spec.minInstances();
    int hpaMin = Math.max(1, minReplicaCount);
    int hpaMax = Math.max(hpaMin, spec.maxInstances());
    double target = spec.targetPerInstance();
    String reason = last == null ? "first poll" : last.reason();
    double pollMetric = Double.NaN;
    if (poll) {
      pollMetric = BaselineBuckets.meanConcurrency(obs, lastSecond, POLL_SECONDS);
      boolean active = pollMetric > ACTIVATION_THRESHOLD
          || BaselineBuckets.arrivals(obs, lastSecond, POLL_SECONDS) > 0;
      if (replicas == 0 && active) {
        replicas = hpaMin;
        lastActiveNanos = nowNanos;
        reason = "activation: trigger active at zero";
      } else if (!active && replicas > 0 && minReplicaCount == 0) {
        if (lastActiveNanos == NONE || lastActiveNanos + COOLDOWN_NANOS < nowNanos) {
          replicas = 0;
          reason = "cooldown over: scale to zero";
        } else {
          reason = "inactive, cooling down";
        }
      } else if (!active && replicas < minReplicaCount) {
        replicas = minReplicaCount;
        reason = "below minReplicaCount";
      } else if (active) {
        lastActiveNanos = nowNanos;
        reason = "trigger active: hpa scales";
      } else {
        reason = replicas == 0 ? "inactive at zero" : "inactive, minReplicaCount > 0: hpa scales";
      }
    }
    double sum = BaselineBuckets.meanConcurrency(obs, lastSecond, SYNC_SECONDS);
    double ratio = Double.NaN;
    if (hpaSync && replicas > 0) {
      int current = replicas;
      int desired;
      if (current > hpaMax) {
        desired = hpaMax;
        reason = "hpa: current above maxReplicas";
      } else if (current < hpaMin) {
        desired = hpaMin;
        reason = "hpa: current below minReplicas";
      } else {
        ratio = sum / (target * current);
        int recommendation = Math.abs(1.0 - ratio) <= HpaBehavior.TOLERANCE
            ? current : (int) Math.min(Integer.MAX_VALUE, Math.ceil(sum / target));
        desired = behavior.normalize(nowNanos, current, recommendation, hpaMin, hpaMax);
        String limit = behavior.lastLimit();
        if (desired != current || !poll) {
          reason = recommendation == current ? "hpa: within tolerance 0.1"
              : limit.isEmpty() ? "hpa: ceil(sum / threshold)" : "hpa: " + limit;
        }
      }
      replicas = desired;
    }
    last = new ScaleDecision(function, now, true, replicas, null, NAME, reason, Map.of(
        "concurrency", sum,
        "pollConcurrency", Double.isNaN(pollMetric) ? sum : pollMetric,
        "target", target,
        "ratio", Double.isNaN(ratio) ? 0.0 : ratio,
        "ready", (double) obs.readyInstances(),
        "secondsSinceActive", lastActiveNanos == NONE ? -1.0 : (nowNanos - lastActiveNanos) / 1e9,
        "desired", (double) replicas));
    return last;
  }
}
