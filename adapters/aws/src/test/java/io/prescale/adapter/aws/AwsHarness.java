package io.prescale.adapter.aws;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.prescale.adapter.engine.AdapterRegistry;
import io.prescale.adapter.engine.EngineConfig;
import io.prescale.adapter.engine.ManualDrive;
import io.prescale.adapter.engine.ManualScheduler;
import io.prescale.adapter.engine.ScalingEngine;
import io.prescale.adapter.spi.AdapterContext;
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
import java.util.function.BiFunction;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/** WireMock standing in for an AWS endpoint, and the shared engine over one AWS adapter on a manual clock. */
public final class AwsHarness implements AutoCloseable {
  public final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-01-01T00:00:00Z"));
  public final WireMockServer wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
  public final ScalingEngine engine;
  public final ManualDrive drive;
  private final String adapter;

  /** With a 5 s call timeout: generous, so a loaded machine does not turn a happy path into a retry. */
  public AwsHarness(String adapter, BiFunction<AdapterContext, AwsCredentialsProvider, ScalingAdapter> factory) {
    this(adapter, factory, "5s");
  }

  public AwsHarness(String adapter, BiFunction<AdapterContext, AwsCredentialsProvider, ScalingAdapter> factory,
      String timeout) {
    this.adapter = adapter;
    wm.start();
    AdapterContext ctx = new AdapterContext(adapter, Map.of("region", "us-east-1", "endpoint", wm.baseUrl(),
        "timeout", timeout), time);
    ScalingAdapter a = factory.apply(ctx, StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")));
    ManualScheduler scheduler = new ManualScheduler(time);
    engine = new ScalingEngine(AdapterRegistry.of(a), scheduler, time, new PrometheusRegistry(),
        EngineConfig.defaults(), () -> 0.5);
    drive = new ManualDrive(scheduler, engine);
  }

  public CompletionStage<ApplyOutcome> submit(Map<String, String> target, int desired) {
    return engine.submit(new AdapterBinding(adapter, target),
        ScaleDecision.of(FunctionKey.of("checkout"), time.instant(), desired, "predictive", "r", Map.of()), 0, 100);
  }

  public ApplyOutcome await(CompletionStage<ApplyOutcome> s) {
    if (!drive.until(s, Duration.ofMinutes(5))) {
      throw new AssertionError("not completed within 5 virtual minutes");
    }
    return s.toCompletableFuture().join();
  }

  @Override
  public void close() {
    engine.close();
    wm.stop();
  }
}
