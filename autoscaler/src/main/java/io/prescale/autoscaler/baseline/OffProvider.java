package io.prescale.autoscaler.baseline;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.Decider;
import io.prescale.core.decide.DeciderProvider;
import io.prescale.core.decide.DeciderSpec;

/** Makes {@link OffDecider}s: policy mode {@code off}. Never scales: keeps the current count. */
public final class OffProvider implements DeciderProvider {
  @Override
  public String name() {
    return OffDecider.NAME;
  }

  @Override
  public Decider create(FunctionKey function, DeciderSpec spec) {
    return new OffDecider(function);
  }
}
