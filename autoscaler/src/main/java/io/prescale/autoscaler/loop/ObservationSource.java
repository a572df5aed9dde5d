package io.prescale.autoscaler.loop;

import io.prescale.core.FunctionKey;
import io.prescale.core.observe.Observation;
import java.time.Instant;

/**
 * The functions the loop decides and what is known about each (the collector's window store in
 * {@code prescale run}). Called from the loop's thread only.
 */
public interface ObservationSource {

  /** The functions to decide at this tick; a function missing here is forgotten by the loop. */
  Iterable<FunctionKey> functions();

  /**
   * What is known about {@code function} at tick time {@code now} (for the collector's windows:
   * {@code store.get(function).view(readyInstances, nanosOf(now))}), or null when it is no longer
   * tracked.
   */
  Observation observe(FunctionKey function, Instant now);

  /** {@link #activity} when the source cannot tell: the function is decided at every tick. */
  long UNKNOWN_ACTIVITY = Long.MIN_VALUE;

  /**
   * A number that changes whenever anything {@link #observe} reads for {@code function} may have
   * changed (telemetry recorded, ready instances), so that the loop can skip a function whose
   * decider promised quiet ({@link io.prescale.core.decide.Decider#quietUntilNanos}) while it stays
   * the same; {@link #UNKNOWN_ACTIVITY} (the default) when the source cannot tell. Cheaper than
   * {@link #observe}.
   */
  default long activity(FunctionKey function) {
    return UNKNOWN_ACTIVITY;
  }
}
