package io.prescale.adapter.kubernetes;

import io.prescale.adapter.engine.AdapterRegistry;
import io.prescale.adapter.engine.EngineConfig;
import io.prescale.adapter.engine.ManualDrive;
import io.prescale.adapter.engine.ManualScheduler;
import io.prescale.adapter.engine.ScalingEngine;
import io.prescale.adapter.spi.ApplyOutcome;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.core.FunctionKey;
import io.prescale.core.decide.AdapterBinding;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.time.ManualTimeSource;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** The shared engine over one real adapter, on a manual clock. */
public final class Harness implements AutoCloseable {
  public final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-01-01T00:00:00Z"));
  public final ManualScheduler scheduler = new ManualScheduler(time);
  public final ScalingEngine engine;
  public final ManualDrive drive;

  public Harness(ScalingAdapter adapter) {
    engine = new ScalingEngine(AdapterRegistry.of(adapter), scheduler, time, new PrometheusRegistry(),
        EngineConfig.defaults(), () -> 0.5);
    engine.start();
    drive = new ManualDrive(scheduler, engine);
  }

  public CompletionStage<ApplyOutcome> submit(String adapter, Map<String, String> target, int desired) {
    ScaleDecision d = ScaleDecision.of(FunctionKey.of("shop/checkout"), time.instant(), desired, "test",
        "wants " + desired, Map.of());
    return engine.submit(new AdapterBinding(adapter, target), d, 0, 100);
  }

  /** Drives virtual time until the stage completes (at most 10 virtual minutes) and returns its outcome. */
  public ApplyOutcome await(CompletionStage<ApplyOutcome> stage) {
    if (!drive.until(stage, Duration.ofMinutes(10))) {
      throw new AssertionError("not completed within 10 virtual minutes");
    }
    return stage.toCompletableFuture().join();
  }

  @Override
  public void close() {
    engine.close();
  }
}
