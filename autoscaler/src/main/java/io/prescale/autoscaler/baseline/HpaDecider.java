package io.prescale.autoscaler.baseline;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.Decider;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.observe.Observation;
import java.util.Map;

/**
 * Kubernetes' Horizontal Pod Autoscaler (autoscaling/v2) on average concurrency per ready pod,
 * synced every 15 s. The algorithm and every deliberate deviation from upstream: {@code
 * docs/baselines.md}, section "HPA".
 */
final class HpaDecider implements Decider {
  static final String NAME = "hpa";
  private static final int METRIC_SECONDS = 15;

  private final FunctionKey function;
  private final Cadence cadence = new Cadence();
  private final HpaBehavior behavior = new HpaBehavior();
  private int current = -1;
  private ScaleDecision last;

  HpaDecider(FunctionKey function) {
    this.function = function;
  }

  @Override
  public ScaleDecision decide(DeciderSpec spec, Observation obs, long nowNanos) {
    if (!cadence.due(nowNanos, HpaBehavior.SYNC_NANOS)) {
      return last; // the first call is always due, so last is set
    }
    int ready = Math.max(0, obs.readyInstances());
    if (current < 0) {
      current = ready;
    }
    int minReplicas = Math.max(1, spec.minInstances());
    int maxReplicas = Math.max(minReplicas, spec.maxInstances());
    double total =
        BaselineBuckets.meanConcurrency(
            obs, BaselineBuckets.lastCompleteSecond(nowNanos), METRIC_SECONDS);
    double target = spec.targetPerInstance();
    double ratio = Double.NaN;
    int desired;
    String reason;
    if (current > maxReplicas) {
      desired = maxReplicas;
      reason = "current above maxReplicas";
    } else if (current < minReplicas) {
      desired = minReplicas;
      reason = "current below minReplicas";
    } else if (ready == 0) {
      desired = current;
      reason = "no ready pod reports the metric: keep current";
    } else {
      ratio = (total / ready) / target;
      int recommendation =
          Math.abs(1.0 - ratio) <= HpaBehavior.TOLERANCE
              ? current
              : (int) Math.min(Integer.MAX_VALUE, Math.ceil(ratio * ready));
      desired = behavior.normalize(nowNanos, current, recommendation, minReplicas, maxReplicas);
      String limit = behavior.lastLimit();
      reason =
          recommendation == current
              ? "within tolerance 0.1: keep current"
              : limit.isEmpty() ? "ceil(ready x perPod / target)" : limit;
    }
    current = desired;
    last =
        new ScaleDecision(
            function,
            nowNanos,
            true,
            desired,
            null,
            NAME,
            reason,
            Map.of(
                "concurrency",
                total,
                "perPodConcurrency",
                ready == 0 ? 0.0 : total / ready,
                "target",
                target,
                "ratio",
                Double.isNaN(ratio) ? 0.0 : ratio,
                "ready",
                (double) ready,
                "desired",
                (double) desired));
    return last;
  }
}
