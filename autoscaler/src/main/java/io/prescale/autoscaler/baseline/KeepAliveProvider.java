package io.prescale.autoscaler.baseline;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.Decider;
import io.prescale.core.decide.DeciderProvider;
import io.prescale.core.decide.DeciderSpec;

/**
 * Makes {@link KeepAliveDecider}s: policy mode {@code keepalive}. Fixed keep-alive of the spec's
 * keepAlive.
 */
public final class KeepAliveProvider implements DeciderProvider {
  @Override
  public String name() {
    return KeepAliveDecider.NAME;
  }

  @Override
  public Decider create(FunctionKey function, DeciderSpec spec) {
    return new KeepAliveDecider(function);
  }
}
