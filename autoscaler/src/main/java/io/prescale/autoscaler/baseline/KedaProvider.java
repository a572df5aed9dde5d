package io.prescale.autoscaler.baseline;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.Decider;
import io.prescale.core.decide.DeciderProvider;
import io.prescale.core.decide.DeciderSpec;

/**
 * Makes {@link KedaDecider}s: policy mode {@code keda}. KEDA: activation/cooldown around an HPA.
 */
public final class KedaProvider implements DeciderProvider {
  @Override
  public String name() {
    return KedaDecider.NAME;
  }

  @Override
  public Decider create(FunctionKey function, DeciderSpec spec) {
    return new KedaDecider(function);
  }
}
