package io.prescale.autoscaler.loop;

import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.decide.ScaleDecision;

/**
 * Receives every decision of every tick, already clamped to the spec's [min, max], with the spec it
 * was made under (its {@link DeciderSpec#adapter()} says where it goes). "Not ready" decisions
 * ({@code valid() == false}: warming up, mode {@code off}) are handed over too: they mean "keep the
 * current scale". Called from the loop's thread; an exception here is counted and logged, and the
 * loop carries on.
 */
@FunctionalInterface
public interface DecisionSink {

  void accept(ScaleDecision decision, DeciderSpec spec);

  /** Drops every decision (the loop still keeps the latest per function). */
  static DecisionSink noop() {
    return (decision, spec) -> {};
  }
}
