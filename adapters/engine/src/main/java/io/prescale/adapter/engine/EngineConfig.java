package io.prescale.adapter.engine;

import io.prescale.core.time.Durations;
import java.time.Duration;
import java.util.Objects;

/**
 * Engine settings; {@link #defaults()} suits production.
 *
 * @param initialBackoff first retry delay before jitter
 * @param maxBackoff retry delay ceiling before jitter
 * @param jitter share of the delay randomised either way, [0; 1)
 * @param maxAttempts calls per decision before it is reported FAILED (the reconcile still
 *     re-applies the latest decision later)
 * @param breakerThreshold consecutive failures that open a target's breaker
 * @param breakerOpenFor how long an open breaker refuses calls
 * @param callTimeout an adapter call that has not completed by then counts as a timeout
 * @param reconcileInterval how often every target is re-read; also how long a read stays fresh
 * @param maxTargets targets tracked at once; decisions for more are refused and counted ({@link
 *     #DEFAULT_MAX_TARGETS} by default)
 * @param maxInFlight adapter calls in flight at once across all targets
 * @param auditCapacity audit log entries kept
 * @param targetIdleTimeout a target without a decision for this long is forgotten (no more
 *     reconciles, its series removed); a new decision brings it back
 */
public record EngineConfig(
    Duration initialBackoff,
    Duration maxBackoff,
    double jitter,
    int maxAttempts,
    int breakerThreshold,
    Duration breakerOpenFor,
    Duration callTimeout,
    Duration reconcileInterval,
    int maxTargets,
    int maxInFlight,
    int auditCapacity,
    Duration targetIdleTimeout) {

  /**
   * Targets tracked by default: the collector store's function bound ({@code StoreConfig}'s
   * 100,000), so that with one target per function no tracked function is refused.
   */
  public static final int DEFAULT_MAX_TARGETS = 100_000;

  public EngineConfig {
    Objects.requireNonNull(initialBackoff, "initialBackoff");
    Objects.requireNonNull(maxBackoff, "maxBackoff");
    Objects.requireNonNull(breakerOpenFor, "breakerOpenFor");
    Objects.requireNonNull(callTimeout, "callTimeout");
    Objects.requireNonNull(reconcileInterval, "reconcileInterval");
    Objects.requireNonNull(targetIdleTimeout, "targetIdleTimeout");
    check(
        !initialBackoff.isNegative() && !initialBackoff.isZero(),
        "initialBackoff",
        initialBackoff,
        "(0s; inf)");
    check(
        maxBackoff.compareTo(initialBackoff) >= 0,
        "maxBackoff",
        maxBackoff,
        "[initialBackoff; inf)");
    check(jitter >= 0 && jitter < 1, "jitter", jitter, "[0; 1)");
    check(maxAttempts >= 1, "maxAttempts", maxAttempts, "[1; inf)");
    check(breakerThreshold >= 1, "breakerThreshold", breakerThreshold, "[1; inf)");
    check(
        !callTimeout.isNegative() && !callTimeout.isZero(),
        "callTimeout",
        callTimeout,
        "(0s; inf)");
    check(
        !reconcileInterval.isNegative() && !reconcileInterval.isZero(),
        "reconcileInterval",
        reconcileInterval,
        "(0s; inf)");
    check(maxTargets >= 1, "maxTargets", maxTargets, "[1; inf)");
    check(maxInFlight >= 1, "maxInFlight", maxInFlight, "[1; inf)");
    check(auditCapacity >= 1, "auditCapacity", auditCapacity, "[1; inf)");
    check(
        targetIdleTimeout.compareTo(reconcileInterval) >= 0,
        "targetIdleTimeout",
        targetIdleTimeout,
        "[reconcileInterval; inf)");
  }

  public static EngineConfig defaults() {
    return new EngineConfig(
        Duration.ofMillis(250),
        Duration.ofSeconds(30),
        0.2,
        8,
        5,
        Duration.ofSeconds(30),
        Duration.ofSeconds(15),
        Duration.ofSeconds(30),
        DEFAULT_MAX_TARGETS,
        32,
        1000,
        Duration.ofHours(1));
  }

  public EngineConfig withReconcileInterval(Duration d) {
    return new EngineConfig(
        initialBackoff,
        maxBackoff,
        jitter,
        maxAttempts,
        breakerThreshold,
        breakerOpenFor,
        callTimeout,
        d,
        maxTargets,
        maxInFlight,
        auditCapacity,
        targetIdleTimeout);
  }

  public EngineConfig withMaxAttempts(int n) {
    return new EngineConfig(
        initialBackoff,
        maxBackoff,
        jitter,
        n,
        breakerThreshold,
        breakerOpenFor,
        callTimeout,
        reconcileInterval,
        maxTargets,
        maxInFlight,
        auditCapacity,
        targetIdleTimeout);
  }

  public EngineConfig withBreaker(int threshold, Duration openFor) {
    return new EngineConfig(
        initialBackoff,
        maxBackoff,
        jitter,
        maxAttempts,
        threshold,
        openFor,
        callTimeout,
        reconcileInterval,
        maxTargets,
        maxInFlight,
        auditCapacity,
        targetIdleTimeout);
  }

  public EngineConfig withLimits(int targets, int inFlight, int audit) {
    return new EngineConfig(
        initialBackoff,
        maxBackoff,
        jitter,
        maxAttempts,
        breakerThreshold,
        breakerOpenFor,
        callTimeout,
        reconcileInterval,
        targets,
        inFlight,
        audit,
        targetIdleTimeout);
  }

  private static void check(boolean ok, String key, Object value, String range) {
    if (!ok) {
      throw new IllegalArgumentException(
          key
              + " = "
              + (value instanceof Duration d ? Durations.format(d) : value)
              + ", must be in "
              + range);
    }
  }

  public EngineConfig withTargetIdleTimeout(Duration d) {
    return new EngineConfig(
        initialBackoff,
        maxBackoff,
        jitter,
        maxAttempts,
        breakerThreshold,
        breakerOpenFor,
        callTimeout,
        reconcileInterval,
        maxTargets,
        maxInFlight,
        auditCapacity,
        d);
  }
}
