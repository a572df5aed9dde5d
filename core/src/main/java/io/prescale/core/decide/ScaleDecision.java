package io.prescale.core.decide;

import io.prescale.core.FunctionKey;
import io.prescale.core.time.EpochNanos;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.function.Supplier;

/**
 * What a decider wants for one function at one tick, with its reason.
 *
 * <p>The reason and the signals may be given as they are or as an {@link Explanation} made on first
 * read ({@link #explained}): a decider that decides every function every tick (a fleet of
 * thousands, or a simulated day) then pays for the words only of the decisions someone reads. The
 * explanation must capture values, not the decider's mutable state. Equality is by value, the
 * explanation included.
 *
 * <p>Accessors: {@code function} the function; {@code atNanos} the tick time in epoch nanoseconds
 * ({@code at} the same as an {@link Instant}, for API and JSON edges); {@code valid} false while
 * the decider is warming up (not an error: keep the current scale); {@code desiredInstances}
 * instances to hold warm now (meaningful only when valid); {@code keepAlive} on an on-demand
 * platform, how long an instance above {@code desiredInstances} stays warm after its last request,
 * null to let the platform keep its own; {@code decider} the decider's name, e.g. {@code kpa};
 * {@code reason} one line a person reads, e.g. {@code "panic: 6s demand 14.0 >= 2x ready 3"};
 * {@code signals} named numbers behind the decision (stableConcurrency, forecast, quantile, ...).
 */
public final class ScaleDecision {

  /** A decision's reason and signals, made when first read. */
  public record Explanation(String reason, Map<String, Double> signals) {
    public Explanation {
      Objects.requireNonNull(reason, "reason");
      signals = Map.copyOf(Objects.requireNonNull(signals, "signals"));
    }
  }

  private final FunctionKey function;
  private final long atNanos;
  private final boolean valid;
  private final int desiredInstances;
  private final Duration keepAlive;
  private final String decider;
  private Supplier<Explanation> pending;
  private Explanation explanation;

  public ScaleDecision(
      FunctionKey function,
      long atNanos,
      boolean valid,
      int desiredInstances,
      Duration keepAlive,
      String decider,
      String reason,
      Map<String, Double> signals) {
    this(
        function,
        atNanos,
        valid,
        desiredInstances,
        keepAlive,
        decider,
        new Explanation(reason, signals),
        null);
  }

  private ScaleDecision(
      FunctionKey function,
      long atNanos,
      boolean valid,
      int desiredInstances,
      Duration keepAlive,
      String decider,
      Explanation explanation,
      Supplier<Explanation> pending) {
    this.function = Objects.requireNonNull(function, "function");
    this.atNanos = atNanos;
    this.decider = Objects.requireNonNull(decider, "decider");
    if (desiredInstances < 0) {
      throw new IllegalArgumentException(
          "desiredInstances = " + desiredInstances + ", must be >= 0");
    }
    this.valid = valid;
    this.desiredInstances = desiredInstances;
    this.keepAlive = keepAlive;
    this.explanation = explanation;
    this.pending = explanation == null ? Objects.requireNonNull(pending, "explanation") : null;
  }

  /** A decision whose reason and signals {@code explanation} makes on first read (at most once). */
  public static ScaleDecision explained(
      FunctionKey function,
      long atNanos,
      int desired,
      Duration keepAlive,
      String decider,
      Supplier<Explanation> explanation) {
    return new ScaleDecision(
        function, atNanos, true, desired, keepAlive, decider, null, explanation);
  }

  /** A valid decision. */
  public static ScaleDecision of(
      FunctionKey function,
      long atNanos,
      int desired,
      String decider,
      String reason,
      Map<String, Double> signals) {
    return new ScaleDecision(function, atNanos, true, desired, null, decider, reason, signals);
  }

  /** "Not ready yet": keep the current scale. */
  public static ScaleDecision notReady(
      FunctionKey function, long atNanos, String decider, String reason) {
    return new ScaleDecision(function, atNanos, false, 0, null, decider, reason, Map.of());
  }

  public FunctionKey function() {
    return function;
  }

  /** The tick time, nanoseconds since the epoch. */
  public long atNanos() {
    return atNanos;
  }

  /** The tick time as an {@link Instant}, for API and JSON edges. */
  public Instant at() {
    return EpochNanos.toInstant(atNanos);
  }

  public boolean valid() {
    return valid;
  }

  public int desiredInstances() {
    return desiredInstances;
  }

  public Duration keepAlive() {
    return keepAlive;
  }

  public String decider() {
    return decider;
  }

  public String reason() {
    return explanation().reason();
  }

  public Map<String, Double> signals() {
    return explanation().signals();
  }

  private synchronized Explanation explanation() {
    if (explanation == null) {
      explanation = Objects.requireNonNull(pending.get(), "explanation");
      pending = null;
    }
    return explanation;
  }

  /** The same decision with an on-demand keep-alive. */
  public ScaleDecision withKeepAlive(Duration keep) {
    return derived(desiredInstances, keep, null);
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
    String note =
        "; clamped "
            + desiredInstances
            + " to ["
            + spec.minInstances()
            + ", "
            + spec.maxInstances()
            + "]";
    return derived(clamped, keepAlive, note);
  }

  private ScaleDecision derived(int desired, Duration keep, String reasonSuffix) {
    synchronized (this) {
      if (explanation == null) {
        Supplier<Explanation> source = pending;
        Supplier<Explanation> next =
            reasonSuffix == null
                ? source
                : () -> {
                  Explanation e = source.get();
                  return new Explanation(e.reason() + reasonSuffix, e.signals());
                };
        return new ScaleDecision(function, atNanos, valid, desired, keep, decider, null, next);
      }
    }
    Explanation e = explanation;
    Explanation next =
        reasonSuffix == null ? e : new Explanation(e.reason() + reasonSuffix, e.signals());
    return new ScaleDecision(function, atNanos, valid, desired, keep, decider, next, null);
  }

  @Override
  public boolean equals(Object o) {
    if (this == o) {
      return true;
    }
    if (!(o instanceof ScaleDecision d)) {
      return false;
    }
    return valid == d.valid
        && desiredInstances == d.desiredInstances
        && function.equals(d.function)
        && atNanos == d.atNanos
        && Objects.equals(keepAlive, d.keepAlive)
        && decider.equals(d.decider)
        && explanation().equals(d.explanation());
  }

  @Override
  public int hashCode() {
    return Objects.hash(
        function, atNanos, valid, desiredInstances, keepAlive, decider, explanation());
  }

  @Override
  public String toString() {
    return "ScaleDecision[function="
        + function
        + ", at="
        + at()
        + ", valid="
        + valid
        + ", desiredInstances="
        + desiredInstances
        + ", keepAlive="
        + keepAlive
        + ", decider="
        + decider
        + ", reason="
        + reason()
        + ", signals="
        + signals()
        + "]";
  }
}
