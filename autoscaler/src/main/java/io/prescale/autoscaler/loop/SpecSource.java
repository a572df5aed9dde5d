package io.prescale.autoscaler.loop;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.DeciderSpec;
import java.util.Objects;

/**
 * The resolved policy of each function (the policy module's resolver in {@code prescale run}).
 * Asked at every tick, so a policy reload applies at the next tick without losing decider state.
 */
@FunctionalInterface
public interface SpecSource {

  /** The flat spec {@code function} is decided with; never null. */
  DeciderSpec specFor(FunctionKey function);

  /** The same spec for every function. */
  static SpecSource fixed(DeciderSpec spec) {
    Objects.requireNonNull(spec, "spec");
    return function -> spec;
  }
}
