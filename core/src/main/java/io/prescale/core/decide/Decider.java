package io.prescale.core.decide;

import io.prescale.core.observe.Observation;

/**
 * Decides one function's scale. One instance per function holds that function's decider state
 * (panic mode, fitted models, ...). The spec is passed at every call, so a policy reload takes
 * effect at the next tick without losing state. Time is an argument: no decider reads a clock. Not
 * thread-safe; the tick loop calls one function's decider from one thread at a time.
 */
public interface Decider {

  /**
   * The decision at {@code nowNanos} (nanoseconds since the epoch, as the collector and
   * OpenTelemetry carry time), from data recorded before then. Never throws on data.
   */
  ScaleDecision decide(DeciderSpec spec, Observation observation, long nowNanos);

  /** {@link #quietUntilNanos()} when the decider makes no promise. */
  long NO_PROMISE = Long.MIN_VALUE;

  /**
   * A promise about the decision just made: until this time (epoch nanoseconds), as long as the
   * function sees no new request (no arrival, nothing in flight, no instance starting or stopping),
   * every further decision would be the same, so a tick loop may skip calling this decider before
   * then, and must call it at its first tick at or after that time or, when a request comes first,
   * at the tick just before the request. Idle functions then cost nothing per tick. {@link
   * #NO_PROMISE} (the default): call it at every tick.
   */
  default long quietUntilNanos() {
    return NO_PROMISE;
  }
}
