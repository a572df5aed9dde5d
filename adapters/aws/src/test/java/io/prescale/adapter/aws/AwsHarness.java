package io.prescale.adapter.aws;

import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.github.tomakehurst.wiremock.WireMockServer;
import io.prescale.adapter.engine.ScalingEngine;
import io.prescale.adapter.spi.AdapterContext;
import io.prescale.adapter.spi.ApplyOutcome;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.adapter.testkit.EngineHarness;
import io.prescale.core.time.ManualTimeSource;
import io.prescale.testing.ManualDrive;
import java.time.Duration;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.function.BiFunction;
import software.amazon.awssdk.auth.credentials.AwsBasicCredentials;
import software.amazon.awssdk.auth.credentials.AwsCredentialsProvider;
import software.amazon.awssdk.auth.credentials.StaticCredentialsProvider;

/**
 * WireMock standing in for an AWS endpoint, and the shared engine over one AWS adapter on a manual
 * clock.
 */
public final class AwsHarness implements AutoCloseable {
  public final ManualTimeSource time = new ManualTimeSource(EngineHarness.START);
  public final WireMockServer wm =
      new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
  public final ScalingEngine engine;
  public final ManualDrive drive;
  private final EngineHarness h;
  private final String adapter;

  /**
   * With a 5 s call timeout: generous, so a loaded machine does not turn a happy path into a retry.
   */
  public AwsHarness(
      String adapter, BiFunction<AdapterContext, AwsCredentialsProvider, ScalingAdapter> factory) {
    this(adapter, factory, "5s");
  }

  public AwsHarness(
      String adapter,
      BiFunction<AdapterContext, AwsCredentialsProvider, ScalingAdapter> factory,
      String timeout) {
    this.adapter = adapter;
    wm.start();
    AdapterContext ctx =
        new AdapterContext(
            adapter,
            Map.of("region", "us-east-1", "endpoint", wm.baseUrl(), "timeout", timeout),
            time);
    ScalingAdapter a =
        factory.apply(
            ctx,
            StaticCredentialsProvider.create(AwsBasicCredentials.create("AKIDTEST", "secret")));
    h = new EngineHarness(time, a);
    engine = h.engine;
    drive = h.drive;
  }

  public CompletionStage<ApplyOutcome> submit(Map<String, String> target, int desired) {
    return h.submit(adapter, target, "checkout", desired, "predictive");
  }

  public ApplyOutcome await(CompletionStage<ApplyOutcome> s) {
    return h.await(s, Duration.ofMinutes(5));
  }

  @Override
  public void close() {
    h.close();
    wm.stop();
  }
}
