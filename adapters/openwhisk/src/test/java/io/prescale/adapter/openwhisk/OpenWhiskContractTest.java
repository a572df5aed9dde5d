package io.prescale.adapter.openwhisk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.prescale.adapter.spi.AdapterContext;
import io.prescale.adapter.spi.ApplyOutcome;
import io.prescale.adapter.spi.DesiredState;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.adapter.spi.Target;
import io.prescale.adapter.testkit.AdapterContractTest;
import io.prescale.core.FunctionKey;
import io.prescale.core.warmup.WarmupActivations;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.io.TempDir;

/**
 * The adapter contract against WireMock standing in for the OpenWhisk controller. The "platform
 * count" is the size of the latest warm-up round WireMock received (the containers it warms).
 * OpenWhisk has no setting to read: the warm containers are those of the rounds the adapter fired,
 * so a workload "set to N" is one the adapter warmed with a round of N ({@link #targetAt}).
 */
class OpenWhiskContractTest extends AdapterContractTest {
  static final String INVOKE = "/api/v1/namespaces/guest/actions/shop/checkout";
  static final ObjectMapper JSON = new ObjectMapper();
  WireMockServer wm;
  int initial;
  OpenWhiskAdapter last;
  @TempDir Path dir;

  @BeforeEach
  void startController() {
    wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    wm.start();
  }

  @AfterEach
  void stopController() {
    wm.stop();
  }

  /** OpenWhisk's answer to a non-blocking invoke: 202 Accepted with a fresh activation id. */
  static com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder accepted() {
    return aResponse()
        .withStatus(202)
        .withHeader("Content-Type", "application/json")
        .withBody(
            "{\"activationId\":\"{{randomValue length=32 type='HEXADECIMAL' uppercase=false}}\"}")
        .withTransformers("response-template");
  }

  @Override
  protected ScalingAdapter newAdapter(Duration timeout) throws Exception {
    Path auth = dir.resolve("auth");
    Files.writeString(
        auth,
        "23bc46b1-71f6-4ed5-8c54-816aa4f8c502:123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP\n");
    last =
        OpenWhiskProvider.create(
            new AdapterContext(
                "openwhisk",
                Map.of(
                    "api-host", wm.baseUrl(),
                    "auth-file", auth.toString(),
                    "timeout", timeout.toMillis() + "ms"),
                time),
            new WarmupActivations(1000));
    return last;
  }

  @Override
  protected Map<String, String> targetAt(int instances) throws Exception {
    initial = instances;
    wm.stubFor(post(urlPathEqualTo(INVOKE)).willReturn(accepted()));
    Map<String, String> target = Map.of("namespace", "guest", "action", "shop/checkout");
    if (instances > 0) {
      FunctionKey f = FunctionKey.of(FUNCTION);
      ApplyOutcome o =
          last.apply(Target.of("openwhisk", target), new DesiredState(f, instances, 0, null))
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      if (o.kind() != ApplyOutcome.Kind.SCALED) {
        throw new IllegalStateException("could not warm the workload: " + o);
      }
    }
    return target;
  }

  @Override
  protected int platformCount() throws Exception {
    List<LoggedRequest> posts = wm.findAll(postRequestedFor(urlPathEqualTo(INVOKE)));
    if (posts.isEmpty()) {
      return initial;
    }
    long latest = -1;
    int n = 0;
    for (LoggedRequest r : posts) {
      long round = JSON.readTree(r.getBodyAsString()).get("__prescale_round").asLong();
      if (round > latest) {
        latest = round;
        n = 0;
      }
      if (round == latest) {
        n++;
      }
    }
    return n;
  }

  @Override
  protected int applyRequests() {
    return wm.findAll(postRequestedFor(urlPathEqualTo(INVOKE))).size();
  }

  @Override
  protected void appliesAnswer(int status) {
    wm.stubFor(
        post(urlPathEqualTo(INVOKE))
            .willReturn(
                aResponse()
                    .withStatus(status)
                    .withHeader("Content-Type", "application/json")
                    .withBody(
                        "{\"error\":\"scripted "
                            + status
                            + "\",\"code\":\"4PYqnzj1JGtYdQdjBwjrBPpBQY3mlfx3\"}")));
  }

  @Override
  protected void appliesTake(Duration delay) {
    wm.stubFor(
        post(urlPathEqualTo(INVOKE)).willReturn(accepted().withFixedDelay((int) delay.toMillis())));
  }
}
