package io.prescale.autoscaler.baseline;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.Decider;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.observe.Observation;
import java.util.Map;

/**
 * KEDA (activation, cooldown to zero) in front of the HPA it creates. The algorithm and every
 * deliberate deviation from upstream: {@code docs/baselines.md}, section "KEDA".
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
  public ScaleDecision decide(DeciderSpec spec, Observation obs, long nowNanos) {
    boolean poll = polling.due(nowNanos, POLLING_NANOS);
    boolean hpaSync = sync.due(nowNanos, HpaBehavior.SYNC_NANOS);
    if (!poll && !hpaSync) {
      return last; // the first call is always due, so last is set
    }
    if (replicas < 0) {
      replicas = Math.max(0, obs.readyInstances());
    }
    long lastSecond = BaselineBuckets.lastCompleteSecond(nowNanos);
    int minReplicaCount = spec.minInstances();
    int hpaMin = Math.max(1, minReplicaCount);
    int hpaMax = Math.max(hpaMin, spec.maxInstances());
    double target = spec.targetPerInstance();
    String reason = last == null ? "first poll" : last.reason();
    double pollMetric = Double.NaN;
    if (poll) {
      pollMetric = BaselineBuckets.meanConcurrency(obs, lastSecond, POLL_SECONDS);
      boolean active =
          pollMetric > ACTIVATION_THRESHOLD
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
        int recommendation =
            Math.abs(1.0 - ratio) <= HpaBehavior.TOLERANCE
                ? current
                : (int) Math.min(Integer.MAX_VALUE, Math.ceil(sum / target));
        desired = behavior.normalize(nowNanos, current, recommendation, hpaMin, hpaMax);
        String limit = behavior.lastLimit();
        if (desired != current || !poll) {
          reason =
              recommendation == current
                  ? "hpa: within tolerance 0.1"
                  : limit.isEmpty() ? "hpa: ceil(sum / threshold)" : "hpa: " + limit;
        }
      }
      replicas = desired;
    }
    last =
        new ScaleDecision(
            function,
            nowNanos,
            true,
            replicas,
            null,
            NAME,
            reason,
            Map.of(
                "concurrency",
                sum,
                "pollConcurrency",
                Double.isNaN(pollMetric) ? sum : pollMetric,
                "target",
                target,
                "ratio",
                Double.isNaN(ratio) ? 0.0 : ratio,
                "ready",
                (double) obs.readyInstances(),
                "secondsSinceActive",
                lastActiveNanos == NONE ? -1.0 : (nowNanos - lastActiveNanos) / 1e9,
                "desired",
                (double) replicas));
    return last;
  }
}
