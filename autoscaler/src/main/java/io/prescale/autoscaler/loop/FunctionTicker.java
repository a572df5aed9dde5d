package io.prescale.autoscaler.loop;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.Decider;
import io.prescale.core.decide.DeciderProvider;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.observe.Observation;
import io.prescale.core.time.EpochNanos;
import java.util.Objects;
import java.util.function.Function;

/**
 * One function's decision step, the same in {@code prescale run} ({@link AutoscalerLoop}) and in
 * the simulator: keep the {@link Decider} of the spec's mode (a new one when the mode changes;
 * other spec changes keep its state, the spec being passed at every call), ask it, and clamp its
 * answer into the spec's {@code [minInstances, maxInstances]}: the one place the policy's bounds
 * are applied (deciders say what they want; the adapter engine applies only the platform's own
 * limits). The simulator also asks {@link #decider()} for its quiet promise ({@link
 * Decider#quietUntilNanos}) to skip an idle function's ticks exactly.
 *
 * <p>Not thread-safe: one function is decided from one thread at a time.
 */
public final class FunctionTicker {
  private final FunctionKey function;
  private final Function<DeciderSpec, DeciderProvider> providers;
  private String mode;
  private Decider decider;

  /**
   * @param providers the provider of a spec's mode; throws {@link IllegalArgumentException} naming
   *     the mode, the rule and the known modes when there is none
   */
  public FunctionTicker(FunctionKey function, Function<DeciderSpec, DeciderProvider> providers) {
    this.function = Objects.requireNonNull(function, "function");
    this.providers = Objects.requireNonNull(providers, "providers");
  }

  /**
   * The decision at {@code nowNanos} (epoch nanoseconds), clamped into the spec's bounds. Throws
   * when the mode has no provider, the provider makes no decider or the decider returns no
   * decision.
   */
  public ScaleDecision decide(DeciderSpec spec, Observation observation, long nowNanos) {
    Decider d = deciderFor(spec);
    ScaleDecision decision = d.decide(spec, observation, nowNanos);
    if (decision == null) {
      throw new IllegalStateException(
          "decider "
              + spec.mode()
              + " returned no decision for "
              + function
              + " at "
              + EpochNanos.toInstant(nowNanos));
    }
    return decision.clampedTo(spec);
  }

  /** The decider of {@code spec}'s mode, made when the mode changed. */
  private Decider deciderFor(DeciderSpec spec) {
    if (decider == null || !spec.mode().equals(mode)) {
      decider = null;
      mode = spec.mode();
      DeciderProvider provider = providers.apply(spec);
      decider = provider.create(function, spec);
      if (decider == null) {
        throw new IllegalStateException(
            "decider provider of mode " + mode + " made no decider for function " + function);
      }
    }
    return decider;
  }

  /** The mode of the current decider, null before the first decision. */
  public String mode() {
    return mode;
  }

  /** The current decider, null before the first decision. */
  public Decider decider() {
    return decider;
  }
}
