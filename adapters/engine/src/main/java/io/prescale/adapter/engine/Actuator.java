package io.prescale.adapter.engine;

import io.prescale.adapter.engine.TargetState.Pending;
import io.prescale.adapter.spi.ActualState;
import io.prescale.adapter.spi.AdapterException;
import io.prescale.adapter.spi.ApplyOutcome;
import io.prescale.adapter.spi.DesiredState;
import io.prescale.core.time.Scheduler;
import io.prescale.core.time.TimeSource;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Drives each target through its {@link TargetState.Phase phases} for {@link ScalingEngine}: read
 * when the known state is stale, skip no-ops, clamp to the platform's bounds, apply, classify
 * failures into retry / re-read / reject / give up, keep the breaker and the bound on calls in
 * flight, report drift. {@link #step} is the one decision point of an idle target with a decision
 * to send; {@link #onDone} is where every call's answer lands. Every method except {@link #locked}
 * and {@link #awaitQuiet} runs under {@link #lock}; adapter calls and the completion of callers'
 * stages are deferred until the lock is released.
 */
final class Actuator {
  enum Call {
    READ,
    APPLY
  }

  final Object lock = new Object();
  final AdapterMetrics metrics;
  final AuditLog audit;
  boolean closed;
  private final Scheduler scheduler;
  private final TimeSource time;
  private final EngineConfig config;
  private final Backoff backoff;
  private final ArrayDeque<TargetState> waiting = new ArrayDeque<>();
  private List<Runnable> deferred = new ArrayList<>();
  private int inFlight;
  private int draining;

  /** Until this monotonic time no target is scaled below what it is found at (restart guard). */
  private long holdDownUntilNanos;

  private boolean holdDown;

  Actuator(
      Scheduler scheduler,
      TimeSource time,
      EngineConfig config,
      Backoff backoff,
      AdapterMetrics metrics,
      AuditLog audit) {
    this.scheduler = scheduler;
    this.time = time;
    this.config = config;
    this.backoff = backoff;
    this.metrics = metrics;
    this.audit = audit;
  }

  /**
   * After a restart Prescale knows nothing of the traffic behind the scale it finds, so for {@code
   * hold} from now no target is scaled below its current count (as Knative's KPA starts in panic);
   * increases go through at once.
   */
  void holdScaleDown(Duration hold) {
    holdDownUntilNanos = time.nanoTime() + hold.toNanos();
    holdDown = true;
  }

  private boolean holdingDown(long now) {
    return holdDown && now - holdDownUntilNanos < 0;
  }

  /** Starts a (reconcile) read of {@code ts}, which is idle. */
  void read(TargetState ts) {
    startCall(ts, Call.READ, -1, null);
  }

  /** No adapter call in flight and no completion being delivered. */
  boolean quiet() {
    return inFlight == 0 && draining == 0;
  }

  /** Waits until no adapter call is in flight (tests), at most {@code max}. */
  void awaitQuiet(Duration max) {
    long rounds = Math.max(1, max.toMillis() / 10);
    synchronized (lock) {
      while ((inFlight > 0 || draining > 0) && rounds-- > 0) {
        try {
          lock.wait(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return;
        }
      }
    }
  }

  /**
   * The next move of an idle target with a pending decision (nothing otherwise): wait while the
   * breaker is open, drop a decision rejected recently, read when what is known is stale, finish a
   * no-op or a held scale-down without a call, else apply.
   */
  void step(TargetState ts) {
    if (closed || !ts.readyToStep()) {
      return;
    }
    long now = time.nanoTime();
    if (!ts.breaker.allow(now)) {
      Duration wait = Duration.ofNanos(ts.breaker.waitNanos(now));
      ts.openWait(scheduler.schedule(wait, () -> wake(ts)));
      return;
    }
    Pending p = ts.pending;
    int target = ts.known.clamp(p.desired());
    if (ts.rejectedRecently(target, p.desired(), now, config.reconcileInterval().toNanos())) {
      ts.pending = null;
      metrics.request(ts.target.adapter(), ts.functionName(), "rejected");
      if (p.future() != null) {
        complete(
            p.future(),
            ApplyOutcome.rejected(
                ts.current(),
                target,
                "rejected recently for " + target + "; not retried before the next reconcile"));
      }
      return;
    }
    if (!ts.freshAt(now, config.reconcileInterval().toNanos())) {
      startCall(ts, Call.READ, -1, null);
      return;
    }
    int current = ts.current();
    if (current == target) {
      ts.pending = null;
      metrics.request(ts.target.adapter(), ts.functionName(), "noop");
      if (p.future() != null) {
        complete(
            p.future(),
            ApplyOutcome.noop(current, "already at " + current + clampNote(ts, p, target)));
      }
      return;
    }
    if (target < current && holdingDown(now)) {
      ts.pending = null;
      metrics.request(ts.target.adapter(), ts.functionName(), "noop");
      if (p.future() != null) {
        complete(
            p.future(),
            ApplyOutcome.noop(
                current,
                "held at "
                    + current
                    + ", not "
                    + target
                    + ": no scale-down in the first stable window after start"));
      }
      return;
    }
    startCall(ts, Call.APPLY, target, p);
  }

  private static String clampNote(TargetState ts, Pending p, int target) {
    return target == p.desired()
        ? ""
        : " ("
            + p.desired()
            + " clamped to the platform's ["
            + ts.known.floor()
            + "; "
            + ts.known.ceiling()
            + "])";
  }

  /**
   * Starts a read, or an apply of {@code apply} (still {@code ts.pending}), when a call slot is
   * free; else queues {@code ts} (an apply stays pending) until {@link #drainWaiting} frees one.
   */
  private void startCall(TargetState ts, Call call, int instances, Pending apply) {
    if (inFlight >= config.maxInFlight()) {
      ts.queue();
      waiting.add(ts);
      return;
    }
    inFlight++;
    DesiredState desired;
    if (call == Call.APPLY) {
      ts.startApply(apply);
      desired = new DesiredState(ts.function, instances, ts.current(), apply.decision());
    } else {
      ts.startRead();
      desired = null;
    }
    long t0 = time.nanoTime();
    deferred.add(
        () -> {
          CompletionStage<?> stage;
          try {
            stage =
                call == Call.READ
                    ? ts.adapter.read(ts.target)
                    : ts.adapter.apply(ts.target, desired);
          } catch (RuntimeException e) {
            stage = CompletableFuture.failedFuture(e);
          }
          CompletableFuture<Object> guarded = new CompletableFuture<>();
          Scheduler.Cancellable timeout =
              scheduler.schedule(
                  config.callTimeout(),
                  () ->
                      guarded.completeExceptionally(
                          new AdapterException(
                              AdapterException.Kind.TIMEOUT,
                              "no answer within " + config.callTimeout())));
          stage.whenComplete(
              (v, e) -> {
                timeout.cancel();
                if (e == null) {
                  guarded.complete(v);
                } else {
                  guarded.completeExceptionally(e);
                }
              });
          guarded.whenComplete((v, e) -> locked(() -> onDone(ts, call, instances, t0, v, e)));
        });
  }

  private void onDone(
      TargetState ts, Call call, int instances, long t0, Object value, Throwable error) {
    inFlight--;
    ts.callDone();
    lock.notifyAll();
    long now = time.nanoTime();
    metrics.latency(ts.target.adapter(), now - t0);
    if (error == null && call == Call.READ) {
      ts.found((ActualState) value, now);
      if (ts.driftCheckDue) {
        ts.driftCheckDue = false;
        checkDrift(ts);
      }
      step(ts);
    } else if (error == null) {
      onApplied(ts, instances, (ApplyOutcome) value, now);
    } else {
      onFailed(ts, call, instances, Failures.classify(error), now);
    }
    drainWaiting();
  }

  private void onApplied(TargetState ts, int instances, ApplyOutcome outcome, long now) {
    Pending p = ts.inflight;
    ts.inflight = null;
    String kind = outcome.kind().label();
    metrics.request(ts.target.adapter(), ts.functionName(), kind);
    if (outcome.kind() == ApplyOutcome.Kind.SCALED || outcome.kind() == ApplyOutcome.Kind.NOOP) {
      ts.breaker.onSuccess();
      ts.attempt = 0;
      ts.applied(instances, now);
    } else if (outcome.kind() == ApplyOutcome.Kind.REJECTED) {
      ts.attempt = 0;
      ts.rejected(instances, now);
    }
    record(ts, p == null ? "apply" : p.action(), outcome.from(), instances, kind, outcome.detail());
    if (p != null) {
      complete(p.future(), outcome);
    }
    step(ts);
  }

  private void onFailed(TargetState ts, Call call, int instances, AdapterException e, long now) {
    Pending p = call == Call.APPLY ? ts.inflight : ts.pending;
    ts.inflight = null;
    ts.attempt++;
    int to = instances >= 0 ? instances : ts.goal;
    String what =
        (call == Call.READ ? "read" : "apply")
            + " failed ("
            + e.kind().name().toLowerCase(Locale.ROOT)
            + "): "
            + e.getMessage();
    if (call == Call.APPLY && ts.pending == null) {
      ts.pending = p;
    } else if (call == Call.APPLY && p != null) {
      complete(
          p.future(),
          ApplyOutcome.failed(ts.current(), to, what + "; superseded by a newer decision"));
    }
    if (!e.retryable()) {
      metrics.request(ts.target.adapter(), ts.functionName(), "rejected");
      record(ts, "apply", ts.current(), to, "rejected", what);
      ts.attempt = 0;
      ts.rejected(to, now);
      failPending(ts, ApplyOutcome.Kind.REJECTED, what);
      return;
    }
    ts.stale();
    if (ts.breaker.onFailure(now)) {
      record(
          ts,
          "breaker-open",
          ts.current(),
          to,
          "failed",
          "circuit breaker opened for " + config.breakerOpenFor() + " after " + what);
    }
    if (ts.pending == null) {
      ts.driftCheckDue = false;
      metrics.request(ts.target.adapter(), ts.functionName(), "failed");
      record(ts, "reconcile", ts.current(), to, "failed", what);
      ts.attempt = 0;
      return;
    }
    if (ts.attempt >= config.maxAttempts()) {
      metrics.request(ts.target.adapter(), ts.functionName(), "failed");
      record(
          ts,
          ts.pending.action(),
          ts.current(),
          to,
          "failed",
          "gave up after " + ts.attempt + " attempts; the reconcile retries later: " + what);
      ts.attempt = 0;
      failPending(ts, ApplyOutcome.Kind.FAILED, what);
      return;
    }
    metrics.request(ts.target.adapter(), ts.functionName(), "retry");
    Duration delay =
        e.kind() == AdapterException.Kind.CONFLICT
            ? backoff.delay(1, null)
            : backoff.delay(ts.attempt, e.retryAfter().orElse(null));
    record(
        ts,
        ts.pending.action(),
        ts.current(),
        to,
        "retry",
        what + "; retry in " + delay.toMillis() + " ms");
    ts.backOff(scheduler.schedule(delay, () -> wake(ts)));
  }

  private void failPending(TargetState ts, ApplyOutcome.Kind kind, String detail) {
    Pending p = ts.pending;
    ts.pending = null;
    if (p != null) {
      complete(p.future(), new ApplyOutcome(kind, ts.current(), p.desired(), detail));
    }
  }

  private void checkDrift(TargetState ts) {
    int want = ts.known.clamp(ts.goal);
    int found = ts.current();
    boolean differs = ts.known.known() ? found != want : ts.lastApplied != ts.goal;
    if (!differs || (ts.known.known() && want < found && holdingDown(time.nanoTime()))) {
      return;
    }
    if (ts.known.known()) {
      metrics.drift(ts.target.adapter());
      String who =
          ts.lastApplied >= 0 && found != ts.lastApplied
              ? "changed outside Prescale (last applied " + ts.lastApplied + ")"
              : "not yet applied";
      record(
          ts, "drift", found, want, "drift", "found " + found + ", expected " + want + ": " + who);
    }
    if (ts.pending == null) {
      ts.pending = new Pending(ts.goal, ts.goalDecision, new CompletableFuture<>(), "reconcile");
    }
  }

  /** A backoff or breaker timer fired: back to idle, and the next step. */
  private void wake(TargetState ts) {
    locked(
        () -> {
          ts.wake();
          step(ts);
        });
  }

  private void drainWaiting() {
    while (inFlight < config.maxInFlight() && !waiting.isEmpty()) {
      TargetState next = waiting.poll();
      next.dequeue();
      if (next.driftCheckDue && next.pending == null) {
        startCall(next, Call.READ, -1, null);
      } else {
        step(next);
      }
    }
  }

  void record(TargetState ts, String action, int from, int to, String outcome, String detail) {
    audit.append(
        time.instant(),
        ts.functionName(),
        ts.target.adapter(),
        ts.id,
        action,
        from,
        to,
        outcome,
        ts.attempt,
        detail);
  }

  /** Completes {@code f} outside the lock; nothing when null (a decision sent without a stage). */
  void complete(CompletableFuture<ApplyOutcome> f, ApplyOutcome o) {
    if (f == null) {
      return;
    }
    deferred.add(() -> f.complete(o));
  }

  /**
   * Runs {@code body} under the lock, then what it deferred (adapter calls, completions) outside.
   */
  void locked(Runnable body) {
    List<Runnable> todo;
    synchronized (lock) {
      body.run();
      if (deferred.isEmpty()) {
        return;
      }
      todo = deferred;
      deferred = new ArrayList<>();
      draining++;
    }
    try {
      for (Runnable r : todo) {
        r.run();
      }
    } finally {
      synchronized (lock) {
        draining--;
        lock.notifyAll();
      }
    }
  }
}
