package io.prescale.autoscaler.baseline;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.Decider;
import io.prescale.core.decide.DeciderProvider;
import io.prescale.core.decide.DeciderSpec;

/** Makes {@link FixedDecider}s: policy mode {@code fixed}. Holds minInstances. */
public final class FixedProvider implements DeciderProvider {
  @Override
  public String name() {
    return FixedDecider.NAME;
  }

  @Override
  public Decider create(FunctionKey function, DeciderSpec spec) {
    return new FixedDecider(function);
  }
}
