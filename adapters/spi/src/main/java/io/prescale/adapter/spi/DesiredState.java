package io.prescale.adapter.spi;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.ScaleDecision;
import java.util.Objects;

/**
 * What the engine asks an adapter to apply: already clamped, never stale.
 *
 * @param function the function the target serves
 * @param instances instances to set, {@code >= 0}
 * @param previous what the engine believes the target is set to, -1 when unknown
 * @param decision the decision behind it; null when a reconcile re-applies after drift
 */
public record DesiredState(
    FunctionKey function, int instances, int previous, ScaleDecision decision) {

  public DesiredState {
    Objects.requireNonNull(function, "function");
    if (instances < 0) {
      throw new IllegalArgumentException("instances = " + instances + ", must be >= 0");
    }
  }
}
