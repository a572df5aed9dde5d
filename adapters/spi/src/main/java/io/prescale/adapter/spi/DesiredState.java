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
 * @param origin fencing token of the sending replica in cluster mode, null otherwise
 */
public record DesiredState(
    FunctionKey function, int instances, int previous, ScaleDecision decision, String origin) {

  public DesiredState {
    Objects.requireNonNull(function, "function");
    if (instances < 0) {
      throw new IllegalArgumentException("instances = " + instances + ", must be >= 0");
    }
  }

  public DesiredState(FunctionKey function, int instances, int previous, ScaleDecision decision) {
    this(function, instances, previous, decision, null);
  }

  /**
   * The same state stamped with the fencing token of the replica that sends it ({@code
   * <replica>/<generation>} in cluster mode): an adapter that can pass it on (the webhook's {@code
   * Prescale-Origin} header) lets the receiver refuse a call from an older generation.
   */
  public DesiredState withOrigin(String token) {
    return new DesiredState(function, instances, previous, decision, token);
  }
}
