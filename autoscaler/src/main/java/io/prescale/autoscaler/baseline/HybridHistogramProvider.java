package io.prescale.autoscaler.baseline;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.Decider;
import io.prescale.core.decide.DeciderProvider;
import io.prescale.core.decide.DeciderSpec;

/**
 * Makes {@link HybridHistogramDecider}s: policy mode {@code hybrid-histogram}. Shahrad et al.'s
 * hybrid histogram policy.
 */
public final class HybridHistogramProvider implements DeciderProvider {
  @Override
  public String name() {
    return HybridHistogramDecider.NAME;
  }

  @Override
  public Decider create(FunctionKey function, DeciderSpec spec) {
    return new HybridHistogramDecider(function);
  }
}
