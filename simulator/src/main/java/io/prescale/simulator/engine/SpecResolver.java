package io.prescale.simulator.engine;

import io.prescale.core.decide.DeciderProvider;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.simulator.trace.TraceFunction;
import java.time.Duration;
import java.time.Instant;
import java.util.Objects;

/**
 * Which spec and decider each function of a run gets. One run of a named policy is the constant
 * case ({@link #constant}); a policy file resolves per function ({@code prescale simulate --policy
 * config}). All functions of a run share one decision tick, {@link #tick()}: a resolution with
 * another tick fails the run.
 */
public interface SpecResolver {

  /** A function's spec and the provider of its {@code spec.mode()}. */
  record Resolved(DeciderSpec spec, DeciderProvider provider) {
    public Resolved {
      Objects.requireNonNull(spec, "spec");
      Objects.requireNonNull(provider, "provider");
    }
  }

  /** The decision tick every function of the run uses. */
  Duration tick();

  /**
   * The spec of {@code function} at {@code at} (called once at the start, then see {@link
   * #varies}).
   */
  Resolved resolve(TraceFunction function, Instant at);

  /**
   * Whether {@code function}'s spec may change during the run (a policy rule with schedules): such
   * a function is resolved again at every tick, its decider remade when the mode changes (as {@code
   * prescale run} does), and it is never skipped as quiescent.
   */
  default boolean varies(TraceFunction function) {
    return false;
  }

  /** The same spec and provider for every function. */
  static SpecResolver constant(DeciderSpec spec, DeciderProvider provider) {
    Resolved r = new Resolved(spec, provider);
    return new SpecResolver() {
      @Override
      public Duration tick() {
        return spec.tick();
      }

      @Override
      public Resolved resolve(TraceFunction function, Instant at) {
        return r;
      }
    };
  }
}
