package io.prescale.adapter.engine;

import io.prescale.adapter.engine.TargetState.Pending;
import io.prescale.adapter.spi.ActualState;
import io.prescale.adapter.spi.AdapterException;
import io.prescale.adapter.spi.ApplyOutcome;
import io.prescale.adapter.spi.DesiredState;
import io.prescale.core.time.TimeSource;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * The per-target state machine behind {@link ScalingEngine}: read when the known state is stale,
 * skip no-ops, clamp to the platform's bounds, apply, classify failures into retry / re-read /
 * reject / give up, keep the breaker and the bound on calls in flight, report drift. Every method
 * except {@link #locked} and {@link #awaitQuiet} runs under {@link #lock}; adapter calls and the
 * completion of callers' stages are deferred until the lock is released.
 */
final class Actuator {
  enum Call { READ, APPLY }

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

  Actuator(Scheduler scheduler, TimeSource time, EngineConfig config, Backoff backoff,
      AdapterMetrics metrics, AuditLog audit) {
    this.scheduler = scheduler;
    this.time = time;
    this.config = config;
    this.backoff = backoff;
    this.metrics = metrics;
    this.audit = audit;
  }

  /**
   * After a restart Prescale knows nothing of the traffic behind the scale it finds, so for
   * {@code hold} from now no target is scaled below its current count (as Knative's KPA starts in
   * panic); increases go through at once.
   */
  void holdScaleDown(Duration hold) {
    holdDownUntilNanos = time.nanoTime() + hold.toNanos();
    holdDown = true;
  }

  private boolean holdingDown(long now) {
    return holdDown && now - holdDownUntilNanos < 0;
  }

  /** Starts a (reconcile) read of {@code ts}. */
  void read(TargetState ts) {
    startCall(ts, Call.READ, -1);
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

  void step(TargetState ts) {
    if (closed || ts.busy || ts.retry != null || ts.queued || ts.pending == null) {
      return;
    }
    long now = time.nanoTime();
    if (!ts.breaker.allow(now)) {
      scheduleRetry(ts, Duration.ofNanos(ts.breaker.waitNanos(now)));
      return;
    }
    Pending p = ts.pending;
    int target = ts.known.clamp(p.desired());
    if ((target == ts.rejectedFor || p.desired() == ts.rejectedFor)
        && now - ts.rejectedAtNanos < config.reconcileInterval().toNanos()) {
      ts.pending = null;
      metrics.request(ts.target.adapter(), ts.functionName(), "rejected");
      if (p.future() != null) {
        complete(p.future(), ApplyOutcome.rejected(ts.current(), target, "rejected recently for " + target
            + "; not retried before the next reconcile"));
      }
      return;
    }
    boolean fresh = ts.fresh && now - ts.readAtNanos < config.reconcileInterval().toNanos();
    if (!fresh) {
      startCall(ts, Call.READ, -1);
      return;
    }
    int current = ts.current();
    if (current == target) {
      ts.pending = null;
      metrics.request(ts.target.adapter(), ts.functionName(), "noop");
      if (p.future() != null) {
        complete(p.future(), ApplyOutcome.noop(current, "already at " + current + clampNote(ts, p, target)));
      }
      return;
    }
    if (target < current && holdingDown(now)) {
      ts.pending = null;
      metrics.request(ts.target.adapter(), ts.functionName(), "noop");
      if (p.future() != null) {
        complete(p.future(), ApplyOutcome.noop(current, "held at " + current + ", not " + target
            + ": no scale-down in the first stable window after start"));
      }
      return;
    }
    ts.inflight = p;
    ts.pending = null;
    startCall(ts, Call.APPLY, target);
  }

  private static String clampNote(TargetState ts, Pending p, int target) {
    return target == p.desired() ? "" : " (" + p.desired() + " clamped to the platform's ["
        + ts.known.floor() + "; " + ts.known.ceiling() + "])";
  }

  private void startCall(TargetState ts, Call call, int instances) {
    if (inFlight >= config.maxInFlight()) {
      if (!ts.queued) {
        ts.queued = true;
        waiting.add(ts);
      }
      if (call == Call.APPLY) {
        ts.pending = ts.pending == null ? ts.inflight : ts.pending;
        ts.inflight = null;
      }
      return;
    }
    inFlight++;
    ts.busy = true;
    long t0 = time.nanoTime();
    DesiredState desired = call == Call.APPLY
        ? new DesiredState(ts.function, instances, ts.current(), ts.inflight.decision()) : null;
    deferred.add(() -> {
      CompletionStage<?> stage;
      try {
        stage = call == Call.READ ? ts.adapter.read(ts.target) : ts.adapter.apply(ts.target, desired);
      } catch (RuntimeException e) {
        stage = CompletableFuture.failedFuture(e);
      }
      CompletableFuture<Object> guarded = new CompletableFuture<>();
      Scheduler.Cancellable timeout = scheduler.schedule(config.callTimeout(), () -> guarded.completeExceptionally(
          new AdapterException(AdapterException.Kind.TIMEOUT, "no answer within " + config.callTimeout())));
      stage.whenComplete((v, e) -> {
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

  private void onDone(TargetState ts, Call call, int instances, long t0, Object value, Throwable error) {
    inFlight--;
    ts.busy = false;
    lock.notifyAll();
    long now = time.nanoTime();
    metrics.latency(ts.target.adapter(), now - t0);
    if (error == null && call == Call.READ) {
      ts.known = (ActualState) value;
      ts.fresh = true;
      ts.readAtNanos = now;
      if (ts.reconciling) {
        ts.reconciling = false;
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
      ts.lastApplied = instances;
      ts.known = ts.known.withConfigured(instances);
      ts.fresh = true;
      ts.readAtNanos = now;
    } else if (outcome.kind() == ApplyOutcome.Kind.REJECTED) {
      ts.attempt = 0;
      ts.rejectedFor = instances;
      ts.rejectedAtNanos = now;
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
    String what = (call == Call.READ ? "read" : "apply") + " failed (" + e.kind().name().toLowerCase(Locale.ROOT)
        + "): " + e.getMessage();
    if (call == Call.APPLY && ts.pending == null) {
      ts.pending = p;
    } else if (call == Call.APPLY && p != null) {
      complete(p.future(), ApplyOutcome.failed(ts.current(), to, what + "; superseded by a newer decision"));
    }
    if (!e.retryable()) {
      metrics.request(ts.target.adapter(), ts.functionName(), "rejected");
      record(ts, "apply", ts.current(), to, "rejected", what);
      ts.attempt = 0;
      ts.rejectedFor = to;
      ts.rejectedAtNanos = now;
      failPending(ts, ApplyOutcome.Kind.REJECTED, what);
      return;
    }
    ts.fresh = false;
    if (ts.breaker.onFailure(now)) {
      record(ts, "breaker-open", ts.current(), to, "failed", "circuit breaker opened for "
          + config.breakerOpenFor() + " after " + what);
    }
    if (ts.pending == null) {
      ts.reconciling = false;
      metrics.request(ts.target.adapter(), ts.functionName(), "failed");
      record(ts, "reconcile", ts.current(), to, "failed", what);
      ts.attempt = 0;
      return;
    }
    if (ts.attempt >= config.maxAttempts()) {
      metrics.request(ts.target.adapter(), ts.functionName(), "failed");
      record(ts, ts.pending.action(), ts.current(), to, "failed", "gave up after " + ts.attempt
          + " attempts; the reconcile retries later: " + what);
      ts.attempt = 0;
      failPending(ts, ApplyOutcome.Kind.FAILED, what);
      return;
    }
    metrics.request(ts.target.adapter(), ts.functionName(), "retry");
    Duration delay = e.kind() == AdapterException.Kind.CONFLICT
        ? backoff.delay(1, null) : backoff.delay(ts.attempt, e.retryAfter().orElse(null));
    record(ts, ts.pending.action(), ts.current(), to, "retry", what + "; retry in " + delay.toMillis() + " ms");
    scheduleRetry(ts, delay);
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
      String who = ts.lastApplied >= 0 && found != ts.lastApplied
          ? "changed outside Prescale (last applied " + ts.lastApplied + ")" : "not yet applied";
      record(ts, "drift", found, want, "drift", "found " + found + ", expected " + want + ": " + who);
    }
    if (ts.pending == null) {
      ts.pending = new Pending(ts.goal, ts.goalDecision, new CompletableFuture<>(), "reconcile");
    }
  }

  private void scheduleRetry(TargetState ts, Duration delay) {
    ts.retry = scheduler.schedule(delay, () -> locked(() -> {
      ts.retry = null;
      step(ts);
    }));
  }

  private void drainWaiting() {
    while (inFlight < config.maxInFlight() && !waiting.isEmpty()) {
      TargetState next = waiting.poll();
      next.queued = false;
      if (next.reconciling && next.pending == null) {
        startCall(next, Call.READ, -1);
      } else {
        step(next);
      }
    }
  }

  void record(TargetState ts, String action, int from, int to, String outcome, String detail) {
    audit.append(time.instant(), ts.functionName(), ts.target.adapter(), ts.id, action,
        from, to, outcome, ts.attempt, detail);
  }

  /** Completes {@code f} outside the lock; nothing when null (a decision sent without a stage). */
  void complete(CompletableFuture<ApplyOutcome> f, ApplyOutcome o) {
    if (f == null) {
      return;
    }
    deferred.add(() -> f.complete(o));
  }

  /** Runs {@code body} under the lock, then what it deferred (adapter calls, completions) outside. */
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
