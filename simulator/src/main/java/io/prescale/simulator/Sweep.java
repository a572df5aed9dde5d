package io.prescale.simulator;

import io.prescale.core.decide.DeciderSpec;
import java.time.Duration;
import java.util.List;
import java.util.function.BiFunction;

/**
 * Each policy's main knob for {@code --sweep}: one curve per policy of cold-start ratio against
 * instance-seconds. KPA, HPA and KEDA: target utilization; keep-alive: its length; prescale: the
 * cold-start budget. hybrid-histogram has no single knob here (it learns its windows) and is one
 * point.
 */
public record Sweep(
    String curve,
    String knob,
    List<Double> values,
    BiFunction<DeciderSpec, Double, DeciderSpec> apply) {

  private static final List<Double> UTILIZATION = List.of(0.3, 0.5, 0.7, 0.9, 1.0);

  /** The sweep of a policy, or null when it has none. */
  public static Sweep of(PolicyCatalog.Policy policy) {
    switch (policy.spec().mode()) {
      case "kpa":
      case "hpa":
      case "keda":
        return new Sweep(
            policy.name(),
            "targetUtilization",
            UTILIZATION,
            (s, v) -> s.toBuilder().targetUtilization(v).build());
      case "keepalive":
        return new Sweep(
            "keepalive",
            "keepAliveMinutes",
            List.of(1.0, 5.0, 10.0, 20.0, 30.0, 60.0),
            (s, v) -> s.toBuilder().keepAlive(Duration.ofSeconds(Math.round(v * 60))).build());
      case "predictive":
        return new Sweep(
            policy.name(),
            "coldStartBudget",
            List.of(0.001, 0.005, 0.01, 0.05, 0.1),
            (s, v) -> s.toBuilder().coldStartBudget(v).build());
      default:
        return null;
    }
  }
}
