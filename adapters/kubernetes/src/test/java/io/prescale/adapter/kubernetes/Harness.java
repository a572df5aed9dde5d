package io.prescale.adapter.kubernetes;

import io.prescale.adapter.engine.ScalingEngine;
import io.prescale.adapter.spi.ApplyOutcome;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.adapter.testkit.EngineHarness;
import io.prescale.core.time.ManualTimeSource;
import io.prescale.testing.ManualDrive;
import io.prescale.testing.ManualScheduler;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * The shared engine over one real adapter, on a manual clock, with the periodic reconcile started.
 */
public final class Harness implements AutoCloseable {
  public final ManualTimeSource time = new ManualTimeSource(EngineHarness.START);
  private final EngineHarness h;
  public final ManualScheduler scheduler;
  public final ScalingEngine engine;
  public final ManualDrive drive;

  public Harness(ScalingAdapter adapter) {
    h = new EngineHarness(time, adapter).start();
    scheduler = h.scheduler;
    engine = h.engine;
    drive = h.drive;
  }

  public CompletionStage<ApplyOutcome> submit(
      String adapter, Map<String, String> target, int desired) {
    return h.submit(adapter, target, "shop/checkout", desired, "test");
  }

  /**
   * Drives virtual time until the stage completes (at most 10 virtual minutes) and returns its
   * outcome.
   */
  public ApplyOutcome await(CompletionStage<ApplyOutcome> stage) {
    return h.await(stage, Duration.ofMinutes(10));
  }

  @Override
  public void close() {
    h.close();
  }
}
