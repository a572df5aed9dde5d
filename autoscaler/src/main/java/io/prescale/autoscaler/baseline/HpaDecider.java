package io.prescale.autoscaler.baseline;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.Decider;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.observe.Observation;
import java.time.Instant;
import java.util.Map;

/**
 * Kubernetes' Horizontal Pod Autoscaler (autoscaling/v2, {@code pkg/controller/podautoscaler/}:
 * {@code reconcileAutoscaler}, {@code ReplicaCalculator.GetMetricReplicas}/
 * {@code calcPlainMetricReplicas}, default behavior in {@link HpaBehavior}) with a Pods metric of
 * type AverageValue: the average concurrency per ready pod against
 * {@link DeciderSpec#targetPerInstance()}.
 *
 * <p>Every 15 s (sync period; between syncs the previous decision is returned unchanged, its
 * {@code at} is the sync time): {@code current} = the replicas this HPA set last (the scale's
 * spec.replicas). If {@code current > max} -> max; if {@code current < minReplicas} -> minReplicas
 * ({@code minReplicas = max(1, spec.minInstances)}: HPA never goes below 1); otherwise
 * {@code ratio = (meanConcurrency / readyPods) / target}; within tolerance
 * ({@code |1 - ratio| <= 0.1}) the recommendation is {@code current}, else
 * {@code ceil(ratio * readyPods)}; then stabilization and rate limits of the default behavior.
 *
 * <p>Deviations from upstream:
 * <ul>
 *   <li>Metric source: the mean of {@link Observation#concurrency(long)} over the 15 complete
 *       seconds before the sync (metrics-server's default 15 s resolution), divided by
 *       {@link Observation#readyInstances()}. Pods not ready yet are ignored, as upstream ignores
 *       pending pods; with no ready pod the metric is unavailable and the HPA keeps
 *       {@code current} (upstream: the reconcile fails and nothing changes).</li>
 *   <li>Initial replicas: the first sync takes {@code current} from the ready count; a function
 *       at 0 then goes to minReplicas (the "autoscaling disabled at 0" rule is not applied: here 0
 *       only means nothing runs yet, like a Deployment just created).</li>
 *   <li>Sync times are evaluated on the 2 s decision tick (see {@link Cadence}); scale events are
 *       recorded at the sync that made them, as upstream after a successful rescale.</li>
 *   <li>No missing-pod or unready-pod re-estimation (every ready pod reports the same average).</li>
 * </ul>
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
  public ScaleDecision decide(DeciderSpec spec, Observation obs, Instant now) {
    long nowNanos = BaselineBuckets.nanos(now);
    if (!cadence.due(nowNanos, HpaBehavior.SYNC_NANOS)) {
      return last; // the first call is always due, so last is set
    }
    int ready = Math.max(0, obs.readyInstances());
    if (current < 0) {
      current = ready;
    }
    int minReplicas = Math.max(1, spec.minInstances());
    int maxReplicas = Math.max(minReplicas, spec.maxInstances());
    double total = BaselineBuckets.meanConcurrency(obs, BaselineBuckets.lastCompleteSecond(now), METRIC_SECONDS);
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
      int recommendation = Math.abs(1.0 - ratio) <= HpaBehavior.TOLERANCE
          ? current : (int) Math.min(Integer.MAX_VALUE, Math.ceil(ratio * ready));
      desired = behavior.normalize(nowNanos, current, recommendation, minReplicas, maxReplicas);
      String limit = behavior.lastLimit();
      reason = recommendation == current ? "within tolerance 0.1: keep current"
          : limit.isEmpty() ? "ceil(ready x perPod / target)" : limit;
    }
    current = desired;
    last = new ScaleDecision(function, now, true, desired, null, NAME, reason, Map.of(
        "concurrency", total,
        "perPodConcurrency", ready == 0 ? 0.0 : total / ready,
        "target", target,
        "ratio", Double.isNaN(ratio) ? 0.0 : ratio,
        "ready", (double) ready,
        "desired", (double) desired));
    return last;
  }
}
