package io.prescale.core.decide;

import io.prescale.core.observe.Observation;
import java.time.Instant;

/**
 * Decides one function's scale. One instance per function holds that function's decider state
 * (panic mode, fitted models, ...). The spec is passed at every call, so a policy reload takes
 * effect at the next tick without losing state. Time is an argument: no decider reads a clock.
 * Not thread-safe; the tick loop calls one function's decider from one thread at a time.
 */
public interface Decider {

  /** The decision at {@code now}, from data recorded before {@code now}. Never throws on data. */
  ScaleDecision decide(DeciderSpec spec, Observation observation, Instant now);
}
