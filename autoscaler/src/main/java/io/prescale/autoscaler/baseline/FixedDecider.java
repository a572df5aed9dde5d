package io.prescale.autoscaler.baseline;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.Decider;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.observe.Observation;
import java.util.Map;

/**
 * Holds {@code minInstances} warm, whatever the traffic (provisioned capacity). The keep-alive is
 * left to the platform (null). No upstream to deviate from.
 */
final class FixedDecider implements Decider {
  static final String NAME = "fixed";
  private final FunctionKey function;

  FixedDecider(FunctionKey function) {
    this.function = function;
  }

  @Override
  public ScaleDecision decide(DeciderSpec spec, Observation obs, long nowNanos) {
    int desired = spec.minInstances();
    return ScaleDecision.of(
        function,
        nowNanos,
        desired,
        NAME,
        "fixed: hold minInstances",
        Map.of("desired", (double) desired, "ready", (double) obs.readyInstances()));
  }
}
