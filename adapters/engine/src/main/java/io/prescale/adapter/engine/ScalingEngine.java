package io.prescale.adapter.engine;

import io.prescale.adapter.engine.TargetState.Pending;
import io.prescale.adapter.spi.ApplyOutcome;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.adapter.spi.Target;
import io.prescale.core.FunctionKey;
import io.prescale.core.decide.AdapterBinding;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.time.Scheduler;
import io.prescale.core.time.TimeSource;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.DoubleSupplier;
import java.util.function.Function;
import java.util.function.ToLongFunction;

/**
 * Turns decisions into adapter calls, the same way for every adapter: coalescing to the latest
 * decision, the platform's own bounds only (the policy's are applied before, by the decision step),
 * no-ops skipped, retries with backoff, a circuit breaker per target, limits on calls in flight, a
 * reconcile that reports drift, and a bound on tracked targets. Each rule in docs/adapters.md ("The
 * engine"); the phases of a target in docs/ARCHITECTURE.md ("Adapter engine").
 *
 * <p>Thread-safe. Adapter calls and completions of returned stages run outside the engine's lock.
 */
public final class ScalingEngine implements AutoCloseable {
  private final AdapterRegistry adapters;
  private final Scheduler scheduler;
  private final TimeSource time;
  private final EngineConfig config;
  private final Actuator act;
  private final Map<Target, TargetState> targets = new LinkedHashMap<>();

  /** The targets each function is bound to (usually one), for {@link #actual}. */
  private final Map<FunctionKey, List<TargetState>> byFunction = new HashMap<>();

  private final TargetLimit limit;
  private final TargetSeries series;
  private Scheduler.Cancellable reconcileTimer;
  private boolean flushing;
  private volatile Function<FunctionKey, Map<String, String>> labels = f -> Map.of();

  public ScalingEngine(
      AdapterRegistry adapters,
      Scheduler scheduler,
      TimeSource time,
      PrometheusRegistry registry,
      EngineConfig config,
      DoubleSupplier random) {
    this.adapters = Objects.requireNonNull(adapters, "adapters");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.time = Objects.requireNonNull(time, "time");
    this.config = Objects.requireNonNull(config, "config");
    Objects.requireNonNull(random, "random");
    this.act =
        new Actuator(
            scheduler,
            time,
            config,
            new Backoff(config.initialBackoff(), config.maxBackoff(), config.jitter(), random),
            new AdapterMetrics(Objects.requireNonNull(registry, "registry")),
            new AuditLog(config.auditCapacity()));
    this.limit = new TargetLimit(config.maxTargets());
    this.series = new TargetSeries(this::targets, config.maxTargets());
    registry.register(series);
  }

  /**
   * Which functions get their own {@code prescale_actual_instances} series: the {@code topN} with
   * the largest {@code weight} (the collector's invocations, as for the function series); the rest
   * are summed per adapter under {@code function="__other__"}.
   */
  public void rankFunctionsBy(ToLongFunction<String> weight, int topN) {
    series.rankBy(Objects.requireNonNull(weight, "weight"), topN);
    act.metrics.rankBy(weight, topN);
  }

  /** The target bound, targets tracked now and decisions refused at the bound since start. */
  public TargetLimits limits() {
    synchronized (act.lock) {
      return new TargetLimits(targets.size(), limit.max(), limit.rejected());
    }
  }

  /**
   * The largest ready and configured counts among {@code function}'s targets, as last read or
   * applied (-1 when unknown), or null when no target is bound to it. One lookup, no snapshot.
   */
  public ActualCounts actual(FunctionKey function) {
    synchronized (act.lock) {
      List<TargetState> list = byFunction.get(function);
      if (list == null) {
        return null;
      }
      int ready = -1;
      int configured = -1;
      for (TargetState ts : list) {
        ready = Math.max(ready, ts.known.ready());
        configured = Math.max(configured, ts.known.configured());
      }
      return new ActualCounts(ready, configured);
    }
  }

  /**
   * For {@code hold} from now, never scales a target below the count it is found at (restart guard:
   * {@code prescale run} calls it at start with the stable window).
   */
  public void holdScaleDown(Duration hold) {
    Objects.requireNonNull(hold, "hold");
    act.locked(() -> act.holdScaleDown(hold));
  }

  /** Starts the periodic reconcile. */
  public void start() {
    synchronized (act.lock) {
      if (reconcileTimer == null && !act.closed) {
        reconcileTimer = scheduler.schedule(config.reconcileInterval(), this::reconcileTick);
      }
    }
  }

  public AuditLog audit() {
    return act.audit;
  }

  /** Waits until no adapter call is in flight (tests), at most {@code max}. */
  public void awaitQuiet(Duration max) {
    act.awaitQuiet(max);
  }

  /**
   * Applies {@code decision} to the spec's adapter binding. The decision is already within the
   * spec's bounds (the decision step clamped it); only the platform's own bounds are applied here.
   */
  public CompletionStage<ApplyOutcome> submit(DeciderSpec spec, ScaleDecision decision) {
    return submit(spec.adapter(), decision);
  }

  /** Applies {@code decision} to {@code binding}'s target, within the platform's own bounds. */
  public CompletionStage<ApplyOutcome> submit(AdapterBinding binding, ScaleDecision decision) {
    Objects.requireNonNull(binding, "binding");
    Objects.requireNonNull(decision, "decision");
    if (!decision.valid()) {
      return CompletableFuture.completedFuture(
          ApplyOutcome.noop(
              -1, "decider " + decision.decider() + " not ready: " + decision.reason()));
    }
    CompletableFuture<ApplyOutcome> future = new CompletableFuture<>();
    offer(binding, decision, future);
    return future;
  }

  /**
   * As {@link #submit(DeciderSpec, ScaleDecision)} without a stage to complete: what the autoscaler
   * loop calls for every function at every tick. A decision that changes nothing (the target is
   * known to be at it) costs a lookup and a counter, no allocation of outcomes.
   */
  public void send(DeciderSpec spec, ScaleDecision decision) {
    Objects.requireNonNull(spec, "spec");
    Objects.requireNonNull(decision, "decision");
    if (decision.valid()) {
      offer(spec.adapter(), decision, null);
    }
  }

  /** {@code future} may be null: nothing to complete. */
  private void offer(
      AdapterBinding binding, ScaleDecision decision, CompletableFuture<ApplyOutcome> future) {
    Objects.requireNonNull(binding, "binding");
    int desired = decision.desiredInstances();
    Target target = Target.of(binding.name(), targetValues(binding, decision.function()));
    act.locked(
        () -> {
          TargetState ts = targets.get(target);
          if (ts == null) {
            ts = newTarget(target, decision);
            if (ts == null) {
              limit.refused(
                  decision.function().value(),
                  target,
                  desired,
                  time.nanoTime(),
                  time.instant(),
                  act.metrics,
                  act.audit);
              if (future != null) {
                finish(
                    future,
                    ApplyOutcome.rejected(
                        -1,
                        desired,
                        "too many targets (max "
                            + config.maxTargets()
                            + "); "
                            + target.id()
                            + " is not tracked"),
                    binding.name(),
                    decision.function().value());
              } else {
                act.metrics.request(binding.name(), decision.function().value(), "rejected");
              }
              return;
            }
          }
          bind(ts, decision.function());
          ts.lastDecisionNanos = time.nanoTime();
          if (ts.invalid != null) {
            if (future != null) {
              finish(
                  future,
                  ApplyOutcome.rejected(-1, desired, ts.invalid),
                  binding.name(),
                  ts.functionName());
            } else {
              act.metrics.request(binding.name(), ts.functionName(), "rejected");
            }
            return;
          }
          if (ts.pending != null && ts.pending.future() != null) {
            act.complete(
                ts.pending.future(),
                ApplyOutcome.noop(ts.current(), "superseded by the decision at " + decision.at()));
          }
          ts.goal = desired;
          ts.goalDecision = decision;
          ts.pending = new Pending(desired, decision, future, "apply");
          act.step(ts);
        });
  }

  /**
   * The binding's target for {@code function}: as written when it names a {@code function}, else
   * what the adapter makes of it ({@link ScalingAdapter#targetFor}: an empty target is one per
   * function; aws-lambda derives the Lambda name). An adapter that cannot be created gets the
   * default, and {@link #newTarget} reports why it cannot be used.
   */
  private Map<String, String> targetValues(AdapterBinding binding, FunctionKey function) {
    Map<String, String> bound = binding.target();
    if (bound.containsKey("function")) {
      return bound;
    }
    ScalingAdapter adapter;
    try {
      adapter = adapters.get(binding.name());
    } catch (RuntimeException e) {
      return bound.isEmpty() ? Map.of("function", function.value()) : bound;
    }
    return adapter.targetFor(bound, function.value(), () -> labels.apply(function));
  }

  /**
   * Where {@link ScalingAdapter#targetFor} reads a function's resource labels (the collector's
   * store in {@code prescale run}); until called, no function has labels.
   */
  public void labelsBy(Function<FunctionKey, Map<String, String>> labels) {
    this.labels = Objects.requireNonNull(labels, "labels");
  }

  /** Binds {@code ts} to {@code function} (a binding that moved to another function moves). */
  private void bind(TargetState ts, FunctionKey function) {
    if (function.equals(ts.function)) {
      return;
    }
    unbind(ts);
    ts.function = function;
    byFunction.computeIfAbsent(function, f -> new ArrayList<>(1)).add(ts);
  }

  private void unbind(TargetState ts) {
    if (ts.function == null) {
      return;
    }
    List<TargetState> list = byFunction.get(ts.function);
    if (list != null) {
      list.remove(ts);
      if (list.isEmpty()) {
        byFunction.remove(ts.function);
      }
    }
  }

  /**
   * Re-reads every idle target now, as the periodic reconcile does; first forgets targets that had
   * no decision for {@code targetIdleTimeout}.
   */
  public void reconcileNow() {
    act.locked(
        () -> {
          long now = time.nanoTime();
          targets
              .values()
              .removeIf(
                  ts -> {
                    boolean idle =
                        ts.idle()
                            && ts.pending == null
                            && now - ts.lastDecisionNanos >= config.targetIdleTimeout().toNanos();
                    if (idle) {
                      unbind(ts);
                      act.audit.append(
                          time.instant(),
                          ts.functionName(),
                          ts.target.adapter(),
                          ts.id,
                          "forget",
                          ts.current(),
                          ts.goal,
                          "noop",
                          0,
                          "no decision for "
                              + config.targetIdleTimeout()
                              + "; no longer reconciled");
                    }
                    return idle;
                  });
          for (TargetState ts : targets.values()) {
            if (ts.invalid == null && ts.goal >= 0 && ts.idle() && ts.pending == null) {
              ts.driftCheckDue = true;
              act.read(ts);
            }
          }
        });
  }

  /** A snapshot of every target, for the API. */
  public List<TargetStatus> targets() {
    synchronized (act.lock) {
      List<TargetStatus> out = new ArrayList<>();
      for (TargetState ts : targets.values()) {
        out.add(
            new TargetStatus(
                ts.id,
                ts.target.adapter(),
                ts.functionName(),
                ts.goal,
                ts.known.configured(),
                ts.known.ready(),
                ts.lastApplied,
                ts.breaker.state().name().toLowerCase(Locale.ROOT),
                ts.invalid));
      }
      return out;
    }
  }

  /**
   * Graceful shutdown, before {@link #close}: stops the periodic reconcile, then waits at most
   * {@code timeout} until no decision is waiting to be sent (or retried) and no adapter call is in
   * flight. Returns true when everything was sent; what is still pending then fails at close.
   * Submit nothing meanwhile (stop the autoscaler loop first).
   */
  public boolean flush(Duration timeout) {
    Objects.requireNonNull(timeout, "timeout");
    long rounds = Math.max(1, timeout.toMillis() / 10);
    synchronized (act.lock) {
      flushing = true;
      if (reconcileTimer != null) {
        reconcileTimer.cancel();
        reconcileTimer = null;
      }
      while (!act.closed && (!act.quiet() || hasWork())) {
        if (rounds-- <= 0) {
          return false;
        }
        try {
          act.lock.wait(10);
        } catch (InterruptedException e) {
          Thread.currentThread().interrupt();
          return false;
        }
      }
      return true;
    }
  }

  private boolean hasWork() {
    for (TargetState ts : targets.values()) {
      if (ts.pending != null
          || ts.inflight != null
          || ts.calling()
          || ts.phase() == TargetState.Phase.QUEUED) {
        return true;
      }
    }
    return false;
  }

  /** Stops the reconcile; pending decisions complete as FAILED; closes the adapters. */
  @Override
  public void close() {
    act.locked(
        () -> {
          act.closed = true;
          if (reconcileTimer != null) {
            reconcileTimer.cancel();
          }
          for (TargetState ts : targets.values()) {
            ts.cancelWait();
            if (ts.pending != null) {
              act.complete(
                  ts.pending.future(),
                  ApplyOutcome.failed(ts.current(), ts.pending.desired(), "engine closed"));
              ts.pending = null;
            }
          }
        });
    adapters.close();
  }

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
    TargetState ts =
        new TargetState(
            target,
            adapter,
            new CircuitBreaker(config.breakerThreshold(), config.breakerOpenFor().toNanos()),
            invalid);
    targets.put(target, ts);
    if (invalid != null) {
      act.audit.append(
          time.instant(),
          decision.function().value(),
          target.adapter(),
          target.id(),
          "apply",
          -1,
          decision.desiredInstances(),
          "rejected",
          0,
          invalid);
    }
    return ts;
  }

  private void reconcileTick() {
    reconcileNow();
    synchronized (act.lock) {
      if (!act.closed && !flushing) {
        reconcileTimer = scheduler.schedule(config.reconcileInterval(), this::reconcileTick);
      }
    }
  }

  private void finish(
      CompletableFuture<ApplyOutcome> f, ApplyOutcome o, String adapter, String function) {
    act.metrics.request(adapter, function, o.kind().label());
    act.complete(f, o);
  }
}
