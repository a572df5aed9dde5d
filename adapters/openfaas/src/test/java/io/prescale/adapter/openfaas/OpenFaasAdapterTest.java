package io.prescale.adapter.openfaas;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.http.Fault;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.prescale.adapter.engine.AdapterRegistry;
import io.prescale.adapter.engine.EngineConfig;
import io.prescale.adapter.engine.ScalingEngine;
import io.prescale.adapter.spi.AdapterContext;
import io.prescale.adapter.spi.ApplyOutcome;
import io.prescale.adapter.spi.ApplyOutcome.Kind;
import io.prescale.core.FunctionKey;
import io.prescale.core.decide.AdapterBinding;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.time.ManualTimeSource;
import io.prescale.testing.ManualDrive;
import io.prescale.testing.ManualScheduler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The openfaas adapter against WireMock stubs of the gateway's API (paths, verbs, bodies, errors).
 */
class OpenFaasAdapterTest {
  private static final String SCALE = "/system/scale-function/figlet";
  private static final String READ = "/system/function/figlet";
  private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-01-01T00:00:00Z"));
  private WireMockServer wm;
  private ScalingEngine engine;
  private ManualDrive drive;
  @TempDir Path dir;

  @BeforeEach
  void setUp() throws Exception {
    wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    wm.start();
    start("5s");
  }

  /** The engine over an adapter with this call timeout (5 s unless a test needs a timeout). */
  private void start(String timeout) throws Exception {
    if (engine != null) {
      engine.close();
    }
    Path pw = dir.resolve("basic-auth-password");
    Files.writeString(pw, "hunter2\n");
    var adapter =
        new OpenFaasProvider()
            .create(
                new AdapterContext(
                    "openfaas",
                    Map.of(
                        "gateway",
                        wm.baseUrl(),
                        "password-file",
                        pw.toString(),
                        "timeout",
                        timeout),
                    time));
    ManualScheduler scheduler = new ManualScheduler(time);
    engine =
        new ScalingEngine(
            AdapterRegistry.of(adapter),
            scheduler,
            time,
            new PrometheusRegistry(),
            EngineConfig.defaults(),
            () -> 0.5);
    drive = new ManualDrive(scheduler, engine::awaitQuiet);
  }

  @AfterEach
  void tearDown() {
    engine.close();
    wm.stop();
  }

  /** The gateway's function status; GET answers with the replicas of the scenario's state. */
  private void functionWithReplicas(String scenario) {
    for (int n : new int[] {1, 3, 4, 10}) {
      wm.stubFor(
          get(urlPathEqualTo(READ))
              .inScenario(scenario)
              .whenScenarioStateIs(n == 1 ? Scenario.STARTED : "r" + n)
              .willReturn(
                  okJson(
                      "{\"name\":\"figlet\",\"image\":\"ghcr.io/openfaas/figlet:latest\",\"replicas\":"
                          + n
                          + ",\"availableReplicas\":"
                          + n
                          + ",\"labels\":{\"com.openfaas.scale.max\":\"10\"}}")));
    }
  }

  private void scaleLandsTo(String scenario, int n) {
    wm.stubFor(
        post(SCALE)
            .inScenario(scenario)
            .withRequestBody(equalToJson("{\"serviceName\":\"figlet\",\"replicas\":" + n + "}"))
            .willReturn(aResponse().withStatus(202))
            .willSetStateTo("r" + n));
  }

  private CompletionStage<ApplyOutcome> submit(int n) {
    return engine.submit(
        new AdapterBinding("openfaas", Map.of("function", "figlet")),
        ScaleDecision.of(FunctionKey.of("figlet"), time.epochNanos(), n, "kpa", "r", Map.of()));
  }

  private ApplyOutcome await(CompletionStage<ApplyOutcome> s) {
    assertTrue(drive.until(s, Duration.ofMinutes(5)), "completes within 5 virtual minutes");
    return s.toCompletableFuture().join();
  }

  @Test
  void scalesThroughTheGatewayWithBasicAuthAndClampsToTheMaxLabel() {
    functionWithReplicas("fn");
    scaleLandsTo("fn", 4);
    scaleLandsTo("fn", 10);
    assertEquals(Kind.SCALED, await(submit(4)).kind());
    String auth = "Basic " + Base64.getEncoder().encodeToString("admin:hunter2".getBytes());
    wm.verify(
        1,
        postRequestedFor(urlPathEqualTo(SCALE))
            .withHeader("Authorization", equalTo(auth))
            .withHeader("Content-Type", equalTo("application/json")));
    ApplyOutcome clamped = await(submit(20));
    assertEquals(10, clamped.to(), clamped.toString());
    assertEquals(Kind.NOOP, await(submit(10)).kind());
    assertEquals(2, wm.findAll(postRequestedFor(urlPathEqualTo(SCALE))).size());
  }

  @Test
  void reachesTheLatestDesiredStateThroughFaultsWithoutStaleOrDoubleApplies() {
    functionWithReplicas("fn");
    String s = "faults";
    wm.stubFor(
        post(SCALE)
            .inScenario(s)
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withStatus(500).withBody("unable to scale: upstream error"))
            .willSetStateTo("reset"));
    wm.stubFor(
        post(SCALE)
            .inScenario(s)
            .whenScenarioStateIs("reset")
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
            .willSetStateTo("429"));
    wm.stubFor(
        post(SCALE)
            .inScenario(s)
            .whenScenarioStateIs("429")
            .willReturn(
                aResponse().withStatus(429).withHeader("Retry-After", "3").withBody("rate limited"))
            .willSetStateTo("409"));
    wm.stubFor(
        post(SCALE)
            .inScenario(s)
            .whenScenarioStateIs("409")
            .willReturn(aResponse().withStatus(409).withBody("conflict: function is being updated"))
            .willSetStateTo("up"));
    wm.stubFor(
        post(SCALE)
            .inScenario(s)
            .whenScenarioStateIs("up")
            .withRequestBody(equalToJson("{\"serviceName\":\"figlet\",\"replicas\":4}"))
            .willReturn(aResponse().withStatus(202)));
    CompletionStage<ApplyOutcome> stale = submit(3);
    drive.settle();
    CompletionStage<ApplyOutcome> latest = submit(4);
    ApplyOutcome o = await(latest);
    assertEquals(Kind.SCALED, o.kind(), o.toString());
    assertEquals(Kind.NOOP, stale.toCompletableFuture().join().kind());
    List<LoggedRequest> posts = wm.findAll(postRequestedFor(urlPathEqualTo(SCALE)));
    assertEquals(5, posts.size());
    for (LoggedRequest r : posts.subList(1, posts.size())) {
      assertTrue(
          r.getBodyAsString().contains("\"replicas\":4"),
          "after the first failure only the latest is sent");
    }
    assertEquals(1, engine.audit().recent(50, r -> r.detail().contains("retry in 3000 ms")).size());
  }

  @Test
  void aTimedOutScaleThatLandedIsNotSentAgain() throws Exception {
    start("1s");
    functionWithReplicas("fn");
    wm.stubFor(
        post(SCALE)
            .inScenario("fn")
            .willReturn(aResponse().withStatus(202).withFixedDelay(3000))
            .willSetStateTo("r4"));
    ApplyOutcome o = await(submit(4));
    assertEquals(Kind.NOOP, o.kind(), "the re-read after the timeout found 4 replicas: " + o);
    assertEquals(1, wm.findAll(postRequestedFor(urlPathEqualTo(SCALE))).size());
  }

  @Test
  void anUnknownFunctionIsRejected() {
    wm.stubFor(
        get(urlPathEqualTo("/system/function/nope"))
            .willReturn(aResponse().withStatus(404).withBody("No function found")));
    ApplyOutcome o =
        await(
            engine.submit(
                new AdapterBinding("openfaas", Map.of("function", "nope")),
                ScaleDecision.of(
                    FunctionKey.of("nope"), time.epochNanos(), 2, "kpa", "r", Map.of())));
    assertEquals(Kind.REJECTED, o.kind());
    assertTrue(o.detail().contains("No function found"), o.detail());
  }
}
