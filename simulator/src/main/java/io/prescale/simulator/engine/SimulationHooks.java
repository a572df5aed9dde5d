package io.prescale.simulator.engine;

import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.decide.ScaleDecision;

/** Optional observers of a run (tests, progress). Called on the simulation thread. */
public interface SimulationHooks {
  SimulationHooks NONE = new SimulationHooks() {};

  /** A request of function {@code fn} finished. */
  default void completed(int fn, long arrivalNanos, long startNanos, long endNanos, boolean cold) {}

  /** Function {@code fn}'s decider decided at {@code tNanos}. */
  default void decided(int fn, long tNanos, ScaleDecision decision) {}

  /**
   * Function {@code fn} runs {@code spec} from {@code tNanos} on: once per function at the start,
   * then whenever a varying spec (a policy rule's schedule) changes.
   */
  default void resolved(int fn, long tNanos, DeciderSpec spec) {}

  /** The run ended; {@code outcome} is one function's share of its totals (once per function). */
  default void finished(FunctionOutcome outcome) {}

  /** The virtual clock reached {@code tNanos} (once per tick). */
  default void progress(long tNanos) {}
}
