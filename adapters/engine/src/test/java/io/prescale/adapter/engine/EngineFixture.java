package io.prescale.adapter.engine;

import io.prescale.adapter.spi.ApplyOutcome;
import io.prescale.core.FunctionKey;
import io.prescale.core.decide.AdapterBinding;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.time.ManualTimeSource;
import io.prescale.testing.ManualDrive;
import io.prescale.testing.ManualScheduler;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/** An engine over a {@link FakeAdapter} on a manual clock. */
final class EngineFixture {
  static final FunctionKey FN = FunctionKey.of("shop/checkout");
  final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-01-01T00:00:00Z"));
  final ManualScheduler scheduler = new ManualScheduler(time);
  final FakeAdapter fake = new FakeAdapter();
  final PrometheusRegistry registry = new PrometheusRegistry();
  final ScalingEngine engine;
  final ManualDrive drive;
  final AdapterBinding binding = new AdapterBinding("fake", Map.of("name", "checkout"));

  EngineFixture() {
    this(EngineConfig.defaults());
  }

  EngineFixture(EngineConfig config) {
    engine =
        new ScalingEngine(AdapterRegistry.of(fake), scheduler, time, registry, config, () -> 0.5);
    engine.start();
    drive = new ManualDrive(scheduler, engine::awaitQuiet);
  }

  CompletionStage<ApplyOutcome> submit(int desired) {
    ScaleDecision d =
        ScaleDecision.of(FN, time.epochNanos(), desired, "test", "wants " + desired, Map.of());
    return engine.submit(binding, d);
  }

  ApplyOutcome settled(CompletionStage<ApplyOutcome> stage) {
    drive.settle();
    return stage.toCompletableFuture().getNow(null);
  }

  String scrape() {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try {
      PrometheusTextFormatWriter.create().write(out, registry.scrape());
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    return out.toString(StandardCharsets.UTF_8);
  }

  static Duration s(long seconds) {
    return Duration.ofSeconds(seconds);
  }
}
