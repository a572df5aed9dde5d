package io.prescale.adapter.engine;

import io.prescale.adapter.spi.ActualState;
import io.prescale.adapter.spi.ApplyOutcome;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.adapter.spi.Target;
import io.prescale.core.FunctionKey;
import io.prescale.core.decide.ScaleDecision;
import java.util.concurrent.CompletableFuture;

/** The engine's state for one target. Every field is guarded by the engine's lock. */
final class TargetState {

  /** A decision waiting to be applied; {@code future} completes once with what became of it. */
  record Pending(int desired, ScaleDecision decision, CompletableFuture<ApplyOutcome> future, String action) {}

  final Target target;
  /** {@link Target#id()}, computed once. */
  final String id;
  final ScalingAdapter adapter;
  final CircuitBreaker breaker;
  final String invalid;
  FunctionKey function;

  /** Latest decision not yet sent; a newer one replaces it. */
  Pending pending;
  /** Decision whose apply is in flight. */
  Pending inflight;
  /** Latest desired count (after the spec's bounds): what the reconcile holds the target to. */
  int goal = -1;
  ScaleDecision goalDecision;

  ActualState known = ActualState.UNKNOWN;
  boolean fresh;
  long readAtNanos;
  int lastApplied = -1;
  int rejectedFor = -1;
  long rejectedAtNanos;

  boolean busy;
  boolean queued;
  boolean reconciling;
  Scheduler.Cancellable retry;
  int attempt;
  long lastDecisionNanos;

  TargetState(Target target, ScalingAdapter adapter, CircuitBreaker breaker, String invalid) {
    this.target = target;
    this.id = target.id();
    this.adapter = adapter;
    this.breaker = breaker;
    this.invalid = invalid;
  }

  /** What the target is set to: as read, else as last applied, -1 when neither is known. */
  int current() {
    return known.known() ? known.configured() : lastApplied;
  }

  String functionName() {
    return function == null ? "" : function.value();
  }
}
