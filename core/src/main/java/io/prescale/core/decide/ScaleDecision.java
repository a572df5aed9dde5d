package io.prescale.core.decide;

import io.prescale.core.FunctionKey;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;

/**
 * What a decider wants for one function at one tick, with its reason.
 *
 * @param function          the function
 * @param at                the tick time
 * @param valid             false while the decider is warming up (not an error: keep the current scale)
 * @param desiredInstances  instances to hold warm now (meaningful only when valid)
 * @param keepAlive         on an on-demand platform, how long an instance above {@code desiredInstances}
 *                          stays warm after its last request; null lets the platform keep its own
 * @param decider           the decider's name, e.g. {@code kpa}
 * @param reason            one line a person reads, e.g. {@code "panic: 6s demand 14.0 >= 2x ready 3"}
 * @param signals           named numbers behind the decision (stableConcurrency, forecast, quantile, ...)
 */
public record ScaleDecision(
    FunctionKey function,
    Instant at,
    boolean valid,
    int desiredInstances,
    Duration keepAlive,
    String decider,
    String reason,
    Map<String, Double> signals) {

  public ScaleDecision {
    Objects.requireNonNull(function, "function");
    Objects.requireNonNull(at, "at");
    Objects.requireNonNull(decider, "decider");
    Objects.requireNonNull(reason, "reason");
    signals = Map.copyOf(Objects.requireNonNull(signals, "signals"));
    if (desiredInstances < 0) {
      throw new IllegalArgumentException("desiredInstances = " + desiredInstances + ", must be >= 0");
    }
  }

  /** A valid decision. */
  public static ScaleDecision of(FunctionKey function, Instant at, int desired, String decider,
      String reason, Map<String, Double> signals) {
    return new ScaleDecision(function, at, true, desired, null, decider, reason, signals);
  }

  /** "Not ready yet": keep the current scale. */
  public static ScaleDecision notReady(FunctionKey function, Instant at, String decider, String reason) {
    return new ScaleDecision(function, at, false, 0, null, decider, reason, Map.of());
  }

  /** The same decision with an on-demand keep-alive. */
  public ScaleDecision withKeepAlive(Duration keep) {
    return new ScaleDecision(function, at, valid, desiredInstances, keep, decider, reason, signals);
  }

  /** The same decision clamped into [min, max] of the spec; the reason says so when it changed. */
  public ScaleDecision clampedTo(DeciderSpec spec) {
    if (!valid) {
      return this;
    }
    int clamped = Math.max(spec.minInstances(), Math.min(spec.maxInstances(), desiredInstances));
    if (clamped == desiredInstances) {
      return this;
    }
    return new ScaleDecision(function, at, true, clamped, keepAlive, decider,
        reason + "; clamped " + desiredInstances + " to [" + spec.minInstances() + ", "
            + spec.maxInstances() + "]", signals);
  }
}
