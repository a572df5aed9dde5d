package io.prescale.adapter.engine;

import io.prescale.adapter.engine.TargetState.Pending;
import io.prescale.adapter.spi.ActualState;
import io.prescale.adapter.spi.AdapterException;
import io.prescale.adapter.spi.ApplyOutcome;
import io.prescale.adapter.spi.DesiredState;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.adapter.spi.Target;
import io.prescale.core.decide.AdapterBinding;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.time.TimeSource;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.DoubleSupplier;

/**
 * Turns decisions into adapter calls, the same way for every adapter.
 *
 * <ul>
 *   <li>{@link #submit} never blocks: it records the decision as the target's latest and returns a
 *       stage that completes with what became of it. A newer decision replaces one not yet sent
 *       (which completes as a superseded NOOP); a retry always sends the latest, never a stale one.</li>
 *   <li>Bounds are clamped here only: first the spec's [min; max], then the platform's own bounds
 *       as the adapter read them (an Auto Scaling group's min/max, Lambda's free concurrency).</li>
 *   <li>No-ops are skipped without a call while the last read is fresher than the reconcile
 *       interval.</li>
 *   <li>Timeouts, connection errors and 5xx are retried with exponential backoff and jitter; 429
 *       waits at least its Retry-After; 409 re-reads, then retries; after any failure the target
 *       is re-read before the next apply, so a change that did land is not applied twice. Other
 *       4xx are rejections and are not retried.</li>
 *   <li>A circuit breaker per target stops calls after repeated failures.</li>
 *   <li>At most one call per target and {@code maxInFlight} calls overall are in flight.</li>
 *   <li>Every {@code reconcileInterval} each target is re-read; when it differs from the latest
 *       decision (someone else changed it) the drift is reported and the decision re-applied.</li>
 * </ul>
 * Thread-safe. Adapter calls and completions of returned stages run outside the engine's lock.
 */
public final class ScalingEngine implements AutoCloseable {
  private enum Call { READ, APPLY }

  private final AdapterRegistry adapters;
  private final Scheduler scheduler;
  private final TimeSource time;
  private final EngineConfig config;
  private final Backoff backoff;
  private final AdapterMetrics metrics;
  private final AuditLog audit;
  private final Object lock = new Object();
  private final Map<String, TargetState> targets = new LinkedHashMap<>();
  private final ArrayDeque<TargetState> waiting = new ArrayDeque<>();
  private List<Runnable> deferred = new ArrayList<>();
  private int inFlight;
  private int draining;
  private boolean closed;
  private Scheduler.Cancellable reconcileTimer;

  public ScalingEngine(AdapterRegistry adapters, Scheduler scheduler, TimeSource time,
      PrometheusRegistry registry, EngineConfig config, DoubleSupplier random) {
    this.adapters = Objects.requireNonNull(adapters, "adapters");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.time = Objects.requireNonNull(time, "time");
    this.config = Objects.requireNonNull(config, "config");
    Objects.requireNonNull(random, "random");
    this.backoff = new Backoff(config.initialBackoff(), config.maxBackoff(), config.jitter(), random);
    this.metrics = new AdapterMetrics(Objects.requireNonNull(registry, "registry"));
    this.audit = new AuditLog(config.auditCapacity());
  }

  /** Starts the periodic reconcile. */
  public void start() {
    synchronized (lock) {
      if (reconcileTimer == null && !closed) {
        reconcileTimer = scheduler.schedule(config.reconcileInterval(), this::reconcileTick);
      }
    }
  }

  public AuditLog audit() {
    return audit;
  }

  /** Applies {@code decision} to the spec's adapter binding within the spec's bounds. */
  public CompletionStage<ApplyOutcome> submit(DeciderSpec spec, ScaleDecision decision) {
    return submit(spec.adapter(), decision, spec.minInstances(), spec.maxInstances());
  }

  /** Applies {@code decision} to {@code binding}'s target, clamped into [floor; ceiling]. */
  public CompletionStage<ApplyOutcome> submit(AdapterBinding binding, ScaleDecision decision,
      int floor, int ceiling) {
    Objects.requireNonNull(binding, "binding");
    Objects.requireNonNull(decision, "decision");
    if (!decision.valid()) {
      return CompletableFuture.completedFuture(ApplyOutcome.noop(-1,
          "decider " + decision.decider() + " not ready: " + decision.reason()));
    }
    int desired = Math.max(floor, Math.min(ceiling, decision.desiredInstances()));
    // an empty target (the default dry-run binding, keda matched by function) is one per function
    Target target = Target.of(binding.name(), binding.target().isEmpty()
        ? Map.of("function", decision.function().value()) : binding.target());
    CompletableFuture<ApplyOutcome> future = new CompletableFuture<>();
    locked(() -> {
      TargetState ts = targets.get(target.id());
      if (ts == null) {
        ts = newTarget(target, decision);
        if (ts == null) {
          finish(future, ApplyOutcome.rejected(-1, desired, "too many targets (max "
              + config.maxTargets() + "); " + target.id() + " is not tracked"), binding.name());
          return;
        }
      }
      ts.function = decision.function();
      if (ts.invalid != null) {
        finish(future, ApplyOutcome.rejected(-1, desired, ts.invalid), binding.name());
        return;
      }
      if (ts.pending != null) {
        complete(ts.pending.future(), ApplyOutcome.noop(ts.current(),
            "superseded by the decision at " + decision.at()));
      }
      ts.goal = desired;
      ts.goalDecision = decision;
      ts.pending = new Pending(desired, decision, future, "apply");
      step(ts);
    });
    return future;
  }

  /** Re-reads every idle target now, as the periodic reconcile does. */
  public void reconcileNow() {
    locked(() -> {
      for (TargetState ts : targets.values()) {
        if (ts.invalid == null && ts.goal >= 0 && !ts.busy && ts.retry == null
            && ts.pending == null && !ts.queued) {
          ts.reconciling = true;
          startCall(ts, Call.READ, -1);
        }
      }
    });
  }

  /** Waits until no adapter call is in flight (tests), at most {@code max}. */
  public void awaitQuiet(Duration max) {
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

  /** A snapshot of every target, for the API. */
  public List<TargetStatus> targets() {
    synchronized (lock) {
      List<TargetStatus> out = new ArrayList<>();
      for (TargetState ts : targets.values()) {
        out.add(new TargetStatus(ts.target.id(), ts.target.adapter(), ts.functionName(), ts.goal,
            ts.known.configured(), ts.known.ready(), ts.lastApplied, ts.breaker.state().name().toLowerCase(java.util.Locale.ROOT),
            ts.invalid));
      }
      return out;
    }
  }

  /** Stops the reconcile; pending decisions complete as FAILED; closes the adapters. */
  @Override
  public void close() {
    locked(() -> {
      closed = true;
      if (reconcileTimer != null) {
        reconcileTimer.cancel();
      }
      for (TargetState ts : targets.values()) {
        if (ts.retry != null) {
          ts.retry.cancel();
          ts.retry = null;
        }
        if (ts.pending != null) {
          complete(ts.pending.future(), ApplyOutcome.failed(ts.current(), ts.pending.desired(), "engine closed"));
          ts.pending = null;
        }
      }
    });
    adapters.close();
  }

  // ---- state machine, always under the lock ----

  private TargetState newTarget(Target target, ScaleDecision decision) {
    if (targets.size() >= config.maxTargets()) {
      return null;
    }
    ScalingAdapter adapter = null;
    String invalid = null;
    try {
      adapter = adapters.get(target.adapter());
      List<String> problems = adapter.validate(target);
      if (!problems.isEmpty()) {
        invalid = "binding " + target.id() + " is invalid: " + String.join("; ", problems);
      }
    } catch (RuntimeException e) {
      invalid = "adapter " + target.adapter() + " cannot be used: " + e.getMessage();
    }
    TargetState ts = new TargetState(target, adapter, new CircuitBreaker(config.breakerThreshold(),
        config.breakerOpenFor().toNanos()), invalid);
    targets.put(target.id(), ts);
    if (invalid != null) {
      audit.append(time.instant(), decision.function().value(), target.adapter(), target.id(),
          "apply", -1, decision.desiredInstances(), "rejected", 0, invalid);
    }
    return ts;
  }

  private void step(TargetState ts) {
    if (closed || ts.busy || ts.retry != null || ts.queued || ts.pending == null) {
      return;
    }
    long now = time.nanoTime();
    if (!ts.breaker.allow(now)) {
      scheduleRetry(ts, Duration.ofNanos(ts.breaker.waitNanos(now)));
      return;
    }
    boolean fresh = ts.fresh && now - ts.readAtNanos < config.reconcileInterval().toNanos();
    if (!fresh) {
      startCall(ts, Call.READ, -1);
      return;
    }
    Pending p = ts.pending;
    int target = ts.known.clamp(p.desired());
    int current = ts.current();
    String clampNote = target == p.desired() ? "" : " (" + p.desired() + " clamped to the platform's ["
        + ts.known.floor() + "; " + ts.known.ceiling() + "])";
    if (current == target) {
      ts.pending = null;
      metrics.request(ts.target.adapter(), "noop");
      complete(p.future(), ApplyOutcome.noop(current, "already at " + current + clampNote));
      return;
    }
    if (target == ts.rejectedFor && now - ts.rejectedAtNanos < config.reconcileInterval().toNanos()) {
      ts.pending = null;
      metrics.request(ts.target.adapter(), "rejected");
      complete(p.future(), ApplyOutcome.rejected(current, target, "rejected recently for " + target
          + "; not retried before the next reconcile"));
      return;
    }
    ts.inflight = p;
    ts.pending = null;
    startCall(ts, Call.APPLY, target);
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
      if (ts.known.known()) {
        metrics.actual(ts.target.adapter(), ts.functionName(),
            ts.known.ready() >= 0 ? ts.known.ready() : ts.known.configured());
      }
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
    metrics.request(ts.target.adapter(), kind);
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
    String what = (call == Call.READ ? "read" : "apply") + " failed (" + e.kind().name().toLowerCase(java.util.Locale.ROOT)
        + "): " + e.getMessage();
    if (call == Call.APPLY && ts.pending == null) {
      ts.pending = p;
    } else if (call == Call.APPLY && p != null) {
      complete(p.future(), ApplyOutcome.failed(ts.current(), to, what + "; superseded by a newer decision"));
    }
    if (!e.retryable()) {
      metrics.request(ts.target.adapter(), "rejected");
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
      metrics.request(ts.target.adapter(), "failed");
      record(ts, "reconcile", ts.current(), to, "failed", what);
      ts.attempt = 0;
      return;
    }
    if (ts.attempt >= config.maxAttempts()) {
      metrics.request(ts.target.adapter(), "failed");
      record(ts, ts.pending.action(), ts.current(), to, "failed", "gave up after " + ts.attempt
          + " attempts; the reconcile retries later: " + what);
      ts.attempt = 0;
      failPending(ts, ApplyOutcome.Kind.FAILED, what);
      return;
    }
    metrics.request(ts.target.adapter(), "retry");
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
    if (!differs) {
      return;
    }
    if (ts.known.known()) {
      metrics.drift(ts.target.adapter());
      String who = ts.lastApplied >= 0 && found != ts.lastApplied
          ? "changed outside Prescale (last applied " + ts.lastApplied + ")" : "not yet applied";
      record(ts, "drift", found, want, "drift", "found " + found + ", expected " + want + ": " + who);
    }
    ts.pending = new Pending(ts.goal, ts.goalDecision, new CompletableFuture<>(), "reconcile");
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

  private void reconcileTick() {
    reconcileNow();
    synchronized (lock) {
      if (!closed) {
        reconcileTimer = scheduler.schedule(config.reconcileInterval(), this::reconcileTick);
      }
    }
  }

  private void record(TargetState ts, String action, int from, int to, String outcome, String detail) {
    audit.append(time.instant(), ts.functionName(), ts.target.adapter(), ts.target.id(), action,
        from, to, outcome, ts.attempt, detail);
  }

  private void finish(CompletableFuture<ApplyOutcome> f, ApplyOutcome o, String adapter) {
    metrics.request(adapter, o.kind().label());
    complete(f, o);
  }

  private void complete(CompletableFuture<ApplyOutcome> f, ApplyOutcome o) {
    deferred.add(() -> f.complete(o));
  }

  /** Runs {@code body} under the lock, then what it deferred (adapter calls, completions) outside. */
  private void locked(Runnable body) {
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
