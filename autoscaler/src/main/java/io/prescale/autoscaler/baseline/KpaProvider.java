package io.prescale.autoscaler.baseline;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.Decider;
import io.prescale.core.decide.DeciderProvider;
import io.prescale.core.decide.DeciderSpec;

/** Makes {@link KpaDecider}s: policy mode {@code kpa}. Knative Serving's KPA. */
public final class KpaProvider implements DeciderProvider {
  @Override
  public String name() {
    return KpaDecider.NAME;
  }

  @Override
  public Decider create(FunctionKey function, DeciderSpec spec) {
    return new KpaDecider(function);
  }
}
