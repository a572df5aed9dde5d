package io.prescale.adapter.webhook;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.ok;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
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
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class WebhookAdapterTest {
  private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-01-01T00:00:00Z"));
  private final ManualScheduler scheduler = new ManualScheduler(time);
  private WireMockServer wm;
  private ScalingEngine engine;
  private ManualDrive drive;
  private AdapterBinding binding;
  @TempDir Path dir;

  @BeforeEach
  void setUp() throws Exception {
    wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    wm.start();
    start("5s");
    binding = new AdapterBinding("webhook", Map.of("url", wm.baseUrl() + "/hook", "team", "shop"));
  }

  /** The engine over an adapter with this call timeout (5 s unless a test needs a timeout). */
  private void start(String timeout) throws Exception {
    if (engine != null) {
      engine.close();
    }
    Path secret = dir.resolve("secret");
    Files.writeString(secret, "s3cret\n");
    var adapter =
        new WebhookProvider()
            .create(
                new AdapterContext(
                    "webhook", Map.of("secret-file", secret.toString(), "timeout", timeout), time));
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

  private CompletionStage<ApplyOutcome> submit(int n) {
    return engine.submit(
        binding,
        ScaleDecision.of(
            FunctionKey.of("shop/checkout"),
            time.epochNanos(),
            n,
            "predictive",
            "forecast 4.2 rps",
            Map.of("forecast", 4.2)));
  }

  private ApplyOutcome await(CompletionStage<ApplyOutcome> s) {
    assertTrue(drive.until(s, Duration.ofMinutes(5)), "completes within 5 virtual minutes");
    return s.toCompletableFuture().join();
  }

  @Test
  void postsTheDecisionAsJsonSignedWithHmacSha256() throws Exception {
    wm.stubFor(post("/hook").willReturn(ok()));
    assertEquals(Kind.SCALED, await(submit(4)).kind());
    List<LoggedRequest> reqs = wm.findAll(postRequestedFor(urlEqualTo("/hook")));
    assertEquals(1, reqs.size());
    LoggedRequest r = reqs.get(0);
    String expected =
        "sha256=" + Hmac.sha256Hex("s3cret".getBytes(StandardCharsets.UTF_8), r.getBody());
    assertEquals(expected, r.getHeader(WebhookAdapter.SIGNATURE_HEADER));
    JsonNode json = new ObjectMapper().readTree(r.getBodyAsString());
    assertEquals("shop/checkout", json.get("function").asText());
    assertEquals(4, json.get("desiredInstances").asInt());
    assertEquals("predictive", json.get("decider").asText());
    assertEquals(4.2, json.get("signals").get("forecast").asDouble());
    assertEquals("shop", json.get("target").get("team").asText());
    assertEquals("application/json", r.getHeader("Content-Type"));
    assertEquals(Kind.NOOP, await(submit(4)).kind(), "the same count is not posted again");
    assertEquals(1, wm.findAll(postRequestedFor(urlEqualTo("/hook"))).size());
  }

  @Test
  void deliversOnlyTheLatestDecisionThroughResetsTimeoutsErrorsAndThrottling() throws Exception {
    start("1s");
    String s = "faults";
    wm.stubFor(
        post("/hook")
            .inScenario(s)
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(aResponse().withFault(Fault.CONNECTION_RESET_BY_PEER))
            .willSetStateTo("500"));
    wm.stubFor(
        post("/hook")
            .inScenario(s)
            .whenScenarioStateIs("500")
            .willReturn(aResponse().withStatus(500).withBody("{\"error\":\"boom\"}"))
            .willSetStateTo("slow"));
    wm.stubFor(
        post("/hook")
            .inScenario(s)
            .whenScenarioStateIs("slow")
            .willReturn(ok().withFixedDelay(3000))
            .willSetStateTo("429"));
    wm.stubFor(
        post("/hook")
            .inScenario(s)
            .whenScenarioStateIs("429")
            .willReturn(aResponse().withStatus(429).withHeader("Retry-After", "12"))
            .willSetStateTo("up"));
    wm.stubFor(post("/hook").inScenario(s).whenScenarioStateIs("up").willReturn(ok()));
    CompletionStage<ApplyOutcome> stale = submit(3);
    drive.settle();
    CompletionStage<ApplyOutcome> latest = submit(7);
    ApplyOutcome o = await(latest);
    assertEquals(Kind.SCALED, o.kind(), o.toString());
    assertEquals(Kind.NOOP, stale.toCompletableFuture().join().kind());
    List<LoggedRequest> all = wm.findAll(postRequestedFor(urlEqualTo("/hook")));
    assertEquals(5, all.size());
    assertTrue(all.get(0).getBodyAsString().contains("\"desiredInstances\":3"));
    for (LoggedRequest r : all.subList(1, all.size())) {
      assertTrue(
          r.getBodyAsString().contains("\"desiredInstances\":7"),
          "only the latest after the first");
    }
    assertTrue(
        engine.audit().recent(20, r -> r.detail().contains("retry in 12000 ms")).size() == 1);
  }

  @Test
  void aClientErrorIsRejectedAndNotRetried() {
    wm.stubFor(post("/hook").willReturn(aResponse().withStatus(400).withBody("bad payload")));
    ApplyOutcome o = await(submit(2));
    drive.advance(Duration.ofSeconds(20));
    assertEquals(Kind.REJECTED, o.kind());
    assertTrue(o.detail().contains("bad payload"), o.detail());
    wm.verify(
        1,
        postRequestedFor(urlEqualTo("/hook"))
            .withHeader("Content-Type", equalTo("application/json")));
  }

  @Test
  void aNonHttpUrlIsRejectedBeforeAnyCall() {
    binding = new AdapterBinding("webhook", Map.of("url", "ftp://example.invalid/x"));
    ApplyOutcome o = await(submit(2));
    assertEquals(Kind.REJECTED, o.kind());
    assertTrue(o.detail().contains("must be an http:// or https:// URL"), o.detail());
  }
}
