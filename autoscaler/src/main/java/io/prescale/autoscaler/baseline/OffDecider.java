package io.prescale.autoscaler.baseline;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.Decider;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.observe.Observation;

/** Autoscaling switched off: every decision is "not ready", so the current count is kept. */
final class OffDecider implements Decider {
  static final String NAME = "off";
  private final FunctionKey function;

  OffDecider(FunctionKey function) {
    this.function = function;
  }

  @Override
  public ScaleDecision decide(DeciderSpec spec, Observation obs, long nowNanos) {
    return ScaleDecision.notReady(function, nowNanos, NAME, "autoscaling off: keep current");
  }
}
