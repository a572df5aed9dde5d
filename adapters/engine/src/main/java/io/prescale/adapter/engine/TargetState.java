package io.prescale.adapter.engine;

import io.prescale.adapter.spi.ActualState;
import io.prescale.adapter.spi.ApplyOutcome;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.adapter.spi.Target;
import io.prescale.core.FunctionKey;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.time.Scheduler;
import java.util.concurrent.CompletableFuture;

/**
 * The engine's state for one target: the {@link Phase} it is in and the moves between phases (each
 * move checks where it starts from), the decisions waiting or in flight, and what is known of the
 * platform. Every field is guarded by the engine's lock; {@link Actuator} decides which move to
 * make.
 *
 * <pre>
 *            queue()                 startRead() / startApply()
 *   IDLE ----------------> QUEUED ------------------------------> READING | APPLYING
 *    ^  \                    |  dequeue()                              |
 *    |   \  startRead() / startApply()                                  | callDone()
 *    |    '-------------------------------> READING | APPLYING --------'--> IDLE
 *    |
 *    |  wake() / cancelWait()      backOff(timer)        openWait(timer)
 *    '------------------------ BACKING_OFF <--- IDLE ---> OPEN ---------> IDLE
 * </pre>
 */
final class TargetState {

  /** Where a target is; exactly one at a time. */
  enum Phase {
    /** No call in flight, none scheduled, not waiting for a slot: the next decision may go out. */
    IDLE,
    /** Waiting for one of the engine's {@code maxInFlight} call slots. */
    QUEUED,
    /** A read of the platform is in flight. */
    READING,
    /** An apply is in flight ({@link #inflight} holds its decision). */
    APPLYING,
    /** A failed call is retried when {@link #wakeUp} fires. */
    BACKING_OFF,
    /**
     * The circuit breaker is open; the next call goes out (half-open) when {@link #wakeUp} fires.
     */
    OPEN
  }

  /** A decision waiting to be applied; {@code future} completes once with what became of it. */
  record Pending(
      int desired, ScaleDecision decision, CompletableFuture<ApplyOutcome> future, String action) {}

  final Target target;

  /** {@link Target#id()}, computed once. */
  final String id;

  final ScalingAdapter adapter;
  final CircuitBreaker breaker;
  final String invalid;
  FunctionKey function;

  private Phase phase = Phase.IDLE;

  /** The timer that ends {@link Phase#BACKING_OFF} or {@link Phase#OPEN}; null in other phases. */
  private Scheduler.Cancellable wakeUp;

  /** Latest decision not yet sent; a newer one replaces it. */
  Pending pending;

  /** Decision whose apply is in flight. */
  Pending inflight;

  /** Latest desired count (after the spec's bounds): what the reconcile holds the target to. */
  int goal = -1;

  ScaleDecision goalDecision;

  /** What the platform was last found or set at ({@link #found}, {@link #applied}). */
  ActualState known = ActualState.UNKNOWN;

  private boolean fresh;
  private long readAtNanos;
  int lastApplied = -1;
  private int rejectedFor = -1;
  private long rejectedAtNanos;

  /**
   * A reconcile read was asked for: the next completed read compares the platform with the goal.
   */
  boolean driftCheckDue;

  /**
   * Consecutive failed calls of the current decision (reset by a success, a rejection or giving
   * up).
   */
  int attempt;

  long lastDecisionNanos;

  TargetState(Target target, ScalingAdapter adapter, CircuitBreaker breaker, String invalid) {
    this.target = target;
    this.id = target.id();
    this.adapter = adapter;
    this.breaker = breaker;
    this.invalid = invalid;
  }

  // ---- phases ----

  Phase phase() {
    return phase;
  }

  /** In {@link Phase#IDLE}: nothing in flight, scheduled or queued. */
  boolean idle() {
    return phase == Phase.IDLE;
  }

  /** A read or an apply is in flight. */
  boolean calling() {
    return phase == Phase.READING || phase == Phase.APPLYING;
  }

  /** Idle with a decision to send: the engine may take its next step. */
  boolean readyToStep() {
    return phase == Phase.IDLE && pending != null;
  }

  /** IDLE to QUEUED: every call slot is taken. */
  void queue() {
    move(Phase.IDLE, Phase.QUEUED);
  }

  /** QUEUED to IDLE: a slot came free; the engine takes the step it queued. */
  void dequeue() {
    move(Phase.QUEUED, Phase.IDLE);
  }

  /** IDLE to READING. */
  void startRead() {
    move(Phase.IDLE, Phase.READING);
  }

  /** IDLE to APPLYING {@code p}, which leaves {@link #pending}. */
  void startApply(Pending p) {
    move(Phase.IDLE, Phase.APPLYING);
    inflight = p;
    pending = null;
  }

  /** READING or APPLYING to IDLE: the call answered (or failed). */
  void callDone() {
    if (!calling()) {
      throw new IllegalStateException(id + ": call done in phase " + phase);
    }
    phase = Phase.IDLE;
  }

  /** IDLE to BACKING_OFF until {@code timer} fires ({@link #wake}). */
  void backOff(Scheduler.Cancellable timer) {
    move(Phase.IDLE, Phase.BACKING_OFF);
    wakeUp = timer;
  }

  /** IDLE to OPEN (the breaker refuses calls) until {@code timer} fires ({@link #wake}). */
  void openWait(Scheduler.Cancellable timer) {
    move(Phase.IDLE, Phase.OPEN);
    wakeUp = timer;
  }

  /**
   * BACKING_OFF or OPEN to IDLE: the timer fired. A timer cancelled too late (at close) finds the
   * target in another phase and changes nothing.
   */
  void wake() {
    if (phase == Phase.BACKING_OFF || phase == Phase.OPEN) {
      phase = Phase.IDLE;
      wakeUp = null;
    }
  }

  /** BACKING_OFF or OPEN to IDLE without waiting (the engine closes); nothing in other phases. */
  void cancelWait() {
    if (wakeUp != null) {
      wakeUp.cancel();
      wakeUp = null;
      phase = Phase.IDLE;
    }
  }

  private void move(Phase from, Phase to) {
    if (phase != from) {
      throw new IllegalStateException(id + ": " + from + " -> " + to + " in phase " + phase);
    }
    phase = to;
  }

  // ---- what is known of the platform ----

  /** A read answered {@code state} at {@code now}. */
  void found(ActualState state, long now) {
    known = state;
    fresh = true;
    readAtNanos = now;
  }

  /** An apply of {@code instances} succeeded at {@code now}: the platform is known to be at it. */
  void applied(int instances, long now) {
    lastApplied = instances;
    known = known.withConfigured(instances);
    fresh = true;
    readAtNanos = now;
  }

  /** A call failed: what is known may be out of date, read before the next apply. */
  void stale() {
    fresh = false;
  }

  /** Read (or applied) less than {@code maxAgeNanos} before {@code now}. */
  boolean freshAt(long now, long maxAgeNanos) {
    return fresh && now - readAtNanos < maxAgeNanos;
  }

  /** The platform refused {@code instances} at {@code now}. */
  void rejected(int instances, long now) {
    rejectedFor = instances;
    rejectedAtNanos = now;
  }

  /**
   * {@code target} or {@code desired} was refused less than {@code windowNanos} before {@code now}.
   */
  boolean rejectedRecently(int target, int desired, long now, long windowNanos) {
    return (target == rejectedFor || desired == rejectedFor) && now - rejectedAtNanos < windowNanos;
  }

  /** What the target is set to: as read, else as last applied, -1 when neither is known. */
  int current() {
    return known.known() ? known.configured() : lastApplied;
  }

  String functionName() {
    return function == null ? "" : function.value();
  }
}
