package io.prescale.adapter.openwhisk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.prescale.adapter.spi.AdapterContext;
import io.prescale.adapter.spi.ApplyOutcome;
import io.prescale.adapter.spi.Target;
import io.prescale.adapter.testkit.EngineHarness;
import io.prescale.core.time.ManualTimeSource;
import io.prescale.core.warmup.WarmupActivations;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Warm-up rounds, their refresh before the idle timeout, the target mapping and the settings. */
class OpenWhiskAdapterTest {
  static final String INVOKE = OpenWhiskContractTest.INVOKE;
  static final String KEY =
      "23bc46b1-71f6-4ed5-8c54-816aa4f8c502:123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP";
  @TempDir Path dir;
  WireMockServer wm;
  ManualTimeSource time = new ManualTimeSource(EngineHarness.START);
  WarmupActivations warmups = new WarmupActivations(1000);
  Path auth;

  @BeforeEach
  void start() throws Exception {
    wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    wm.start();
    wm.stubFor(post(urlPathEqualTo(INVOKE)).willReturn(OpenWhiskContractTest.accepted()));
    auth = dir.resolve("auth");
    Files.writeString(auth, KEY + "\n");
  }

  @AfterEach
  void stop() {
    wm.stop();
  }

  OpenWhiskAdapter adapter(Map<String, String> extra) {
    Map<String, String> s =
        new HashMap<>(Map.of("api-host", wm.baseUrl(), "auth-file", auth.toString()));
    s.putAll(extra);
    return OpenWhiskProvider.create(new AdapterContext("openwhisk", s, time), warmups);
  }

  List<LoggedRequest> posts() {
    return wm.findAll(postRequestedFor(urlPathEqualTo(INVOKE)));
  }

  @Test
  void aRoundIsNConcurrentNonBlockingMarkedInvocationsWhoseIdsAreRemembered() throws Exception {
    try (EngineHarness h = new EngineHarness(time, adapter(Map.of())).start()) {
      ApplyOutcome o =
          h.await(
              h.submit("openwhisk", Map.of(), "guest/shop/checkout", 3, "predictive"),
              Duration.ofMinutes(1));
      assertEquals(ApplyOutcome.Kind.SCALED, o.kind(), o.toString());
    }
    List<LoggedRequest> posts = posts();
    assertEquals(3, posts.size());
    for (LoggedRequest r : posts) {
      assertEquals("false", r.queryParameter("blocking").firstValue());
      JsonNode body = new ObjectMapper().readTree(r.getBodyAsString());
      assertTrue(body.get("__prescale_warmup").asBoolean(), r.getBodyAsString());
      assertEquals(
          "Basic " + Base64.getEncoder().encodeToString(KEY.getBytes(StandardCharsets.UTF_8)),
          r.getHeader("Authorization"));
    }
    assertEquals(3, warmups.size(), "each 202's activationId is remembered for the source");
  }

  @Test
  void theEnginesReconcileRepeatsTheRoundBeforeTheIdleTimeout() throws Exception {
    try (EngineHarness h = new EngineHarness(time, adapter(Map.of())).start()) {
      h.await(
          h.submit("openwhisk", Map.of(), "guest/shop/checkout", 2, "predictive"),
          Duration.ofMinutes(1));
      assertEquals(2, posts().size());
      h.drive.advance(Duration.ofMinutes(7).plusSeconds(50));
      assertEquals(2, posts().size(), "a fresh round is not repeated");
      h.drive.advance(Duration.ofSeconds(45));
      assertEquals(4, posts().size(), "past 8m (10m idle timeout less the 2m margin): a new round");
      h.drive.advance(Duration.ofMinutes(8).plusSeconds(30));
      assertEquals(6, posts().size(), "and again, so the containers never idle out");
      h.await(
          h.submit("openwhisk", Map.of(), "guest/shop/checkout", 0, "predictive"),
          Duration.ofMinutes(1));
      h.drive.advance(Duration.ofMinutes(20));
      assertEquals(6, posts().size(), "at 0 the containers idle out: no more rounds");
    }
  }

  @Test
  void aThrottledRoundWaitsItsRetryAfterThenGoesAgainWhole() throws Exception {
    wm.stubFor(
        post(urlPathEqualTo(INVOKE))
            .inScenario("limit")
            .whenScenarioStateIs(com.github.tomakehurst.wiremock.stubbing.Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "20")
                    .withBody(
                        "{\"error\":\"Too many concurrent requests in flight (count: 30, allowed: 30).\",\"code\":\"x\"}"))
            .willSetStateTo("open"));
    wm.stubFor(
        post(urlPathEqualTo(INVOKE))
            .inScenario("limit")
            .whenScenarioStateIs("open")
            .willReturn(OpenWhiskContractTest.accepted()));
    try (EngineHarness h = new EngineHarness(time, adapter(Map.of())).start()) {
      var stage = h.submit("openwhisk", Map.of(), "guest/shop/checkout", 2, "predictive");
      h.drive.advance(Duration.ofSeconds(19));
      assertTrue(!stage.toCompletableFuture().isDone(), "waits the 20 s Retry-After");
      ApplyOutcome o = h.await(stage, Duration.ofMinutes(1));
      assertEquals(ApplyOutcome.Kind.SCALED, o.kind(), o.toString());
    }
    assertEquals(4, posts().size(), "the throttled round (2), then the whole round again (2)");
  }

  @Test
  void theTargetComesFromTheFunctionKeyOrTheBinding() {
    assertEquals(
        Map.of("namespace", "guest", "action", "shop/checkout"),
        ActionRef.derive(Map.of(), "guest/shop/checkout"));
    assertEquals(
        Map.of("namespace", "guest", "action", "resize"),
        ActionRef.derive(Map.of(), "guest/resize"));
    assertEquals(Map.of("action", "resize"), ActionRef.derive(Map.of(), "resize"));
    assertEquals(
        "/api/v1/namespaces/_/actions/img%20tools/resize",
        ActionRef.of(Target.of("openwhisk", Map.of("action", "img tools/resize"))).path());
    OpenWhiskProvider p = new OpenWhiskProvider();
    assertEquals(List.of(), p.validateTarget(Target.of("openwhisk", Map.of())));
    assertTrue(
        p.validateTarget(Target.of("openwhisk", Map.of("namespace", "guest")))
            .get(0)
            .contains("'action' is missing"));
    assertTrue(
        p.validateTarget(Target.of("openwhisk", Map.of("action", "a/b/c")))
            .get(0)
            .contains("PACKAGE/NAME"));
  }

  @Test
  void settingsAreCheckedNamingTheKey() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                OpenWhiskProvider.create(new AdapterContext("openwhisk", Map.of(), time), warmups));
    assertTrue(e.getMessage().contains("api-host is missing"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> adapter(Map.of("idle-timeout", "1m", "refresh-margin", "2m")));
    assertTrue(
        e.getMessage().contains("refresh-margin = 2m, must be less than idle-timeout (1m)"),
        e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> adapter(Map.of("auth-file", dir.resolve("none").toString())));
    assertTrue(e.getMessage().contains("auth-file"), e.getMessage());
  }
}
