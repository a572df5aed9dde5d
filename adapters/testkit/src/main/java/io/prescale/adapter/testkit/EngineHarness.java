package io.prescale.adapter.testkit;

import io.prescale.adapter.engine.AdapterRegistry;
import io.prescale.adapter.engine.EngineConfig;
import io.prescale.adapter.engine.ScalingEngine;
import io.prescale.adapter.spi.ApplyOutcome;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.core.FunctionKey;
import io.prescale.core.decide.AdapterBinding;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.time.ManualTimeSource;
import io.prescale.testing.ManualDrive;
import io.prescale.testing.ManualScheduler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * The shared engine over one real adapter on a manual clock, as an adapter's tests use it: submit a
 * decision, then {@link #await} drives virtual time task by task until it completes. Backoff jitter
 * is fixed (factor 1); the periodic reconcile runs only after {@link #start}.
 */
public final class EngineHarness implements AutoCloseable {
  /** Where the manual clocks of adapter tests start. */
  public static final Instant START = Instant.parse("2026-01-01T00:00:00Z");

  public final ManualTimeSource time;
  public final ManualScheduler scheduler;
  public final ScalingEngine engine;
  public final ManualDrive drive;

  /** The engine with default settings over {@code adapter}, on {@code time}. */
  public EngineHarness(ManualTimeSource time, ScalingAdapter adapter) {
    this(time, adapter, EngineConfig.defaults());
  }

  public EngineHarness(ManualTimeSource time, ScalingAdapter adapter, EngineConfig config) {
    this.time = Objects.requireNonNull(time, "time");
    this.scheduler = new ManualScheduler(time);
    this.engine =
        new ScalingEngine(
            AdapterRegistry.of(Objects.requireNonNull(adapter, "adapter")),
            scheduler,
            time,
            new PrometheusRegistry(),
            config,
            () -> 0.5);
    this.drive = new ManualDrive(scheduler, engine::awaitQuiet);
  }

  /** Starts the periodic reconcile; returns this. */
  public EngineHarness start() {
    engine.start();
    return this;
  }

  /**
   * Submits {@code desired} instances for {@code function} to {@code adapter}'s {@code target},
   * decided by {@code decider} at the current time (the engine applies only the platform's own
   * bounds: the policy's are the decision step's).
   */
  public CompletionStage<ApplyOutcome> submit(
      String adapter, Map<String, String> target, String function, int desired, String decider) {
    ScaleDecision d =
        ScaleDecision.of(
            FunctionKey.of(function),
            time.epochNanos(),
            desired,
            decider,
            "wants " + desired,
            Map.of());
    return engine.submit(new AdapterBinding(adapter, target), d);
  }

  /**
   * Drives virtual time until {@code stage} completes, at most {@code limit}, and returns its
   * outcome.
   */
  public ApplyOutcome await(CompletionStage<ApplyOutcome> stage, Duration limit) {
    if (!drive.until(stage, limit)) {
      throw new AssertionError("not completed within " + limit + " of virtual time");
    }
    return stage.toCompletableFuture().join();
  }

  @Override
  public void close() {
    engine.close();
  }
}
