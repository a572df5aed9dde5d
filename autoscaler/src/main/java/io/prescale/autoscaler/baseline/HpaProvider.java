package io.prescale.autoscaler.baseline;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.Decider;
import io.prescale.core.decide.DeciderProvider;
import io.prescale.core.decide.DeciderSpec;

/**
 * Makes {@link HpaDecider}s: policy mode {@code hpa}. Kubernetes HPA with default behavior on
 * concurrency per pod.
 */
public final class HpaProvider implements DeciderProvider {
  @Override
  public String name() {
    return HpaDecider.NAME;
  }

  @Override
  public Decider create(FunctionKey function, DeciderSpec spec) {
    return new HpaDecider(function);
  }
}
