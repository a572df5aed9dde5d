package io.prescale.adapter.gcp;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.prescale.adapter.gcp.CloudRunFake.OP;
import static io.prescale.adapter.gcp.CloudRunFake.PATH;
import static io.prescale.adapter.gcp.CloudRunFake.error;
import static io.prescale.adapter.gcp.CloudRunFake.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.prescale.adapter.engine.Failures;
import io.prescale.adapter.spi.ActualState;
import io.prescale.adapter.spi.AdapterContext;
import io.prescale.adapter.spi.AdapterException;
import io.prescale.adapter.spi.ApplyOutcome;
import io.prescale.adapter.spi.DesiredState;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.adapter.spi.Target;
import io.prescale.adapter.testkit.EngineHarness;
import io.prescale.core.FunctionKey;
import io.prescale.core.time.ManualTimeSource;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;

/** What the gcp-cloud-run adapter sends, and how it classifies what Cloud Run answers. */
class CloudRunAdapterTest {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final ManualTimeSource time = new ManualTimeSource(EngineHarness.START);
  private final CloudRunFake fake = new CloudRunFake();
  private final ScalingAdapter adapter = fake.adapter(time, "5s", "400ms");
  private final Target target =
      Target.of(
          CloudRunProvider.NAME,
          Map.of("project", "shop-prod", "location", "us-central1", "service", "checkout"));

  @AfterEach
  void stop() {
    adapter.close();
    fake.close();
  }

  @Test
  void patchesOnlyTheServiceLevelMinimumWithTheUpdateMaskAndTheEtag() throws Exception {
    fake.serviceAt(1, 0);
    ApplyOutcome o = join(adapter.apply(target, desired(4)));
    assertEquals(ApplyOutcome.Kind.SCALED, o.kind(), o.toString());
    assertEquals(1, o.from());
    assertEquals(4, o.to());
    assertEquals(1, fake.patches().size());
    var p = fake.patches().get(0);
    assertEquals(List.of("scaling.minInstanceCount"), p.queryParameter("updateMask").values());
    JsonNode body = JSON.readTree(p.getBodyAsString());
    assertEquals(4, body.path("scaling").path("minInstanceCount").asInt());
    assertEquals("etag-1", body.path("etag").asText());
    assertFalse(body.has("template"), "a template change would roll a new revision: " + body);
    assertEquals("application/json", p.getHeader("Content-Type"));
  }

  @Test
  void readsTheServiceLevelMinimumAndTheMaximumAsTheCeiling() throws Exception {
    fake.serviceAt(2, 6);
    ActualState s = join(adapter.read(target));
    assertEquals(2, s.configured());
    assertEquals(6, s.ceiling());
    fake.serviceAt(0, 0);
    ActualState none = join(adapter.read(target));
    assertEquals(0, none.configured(), "no scaling.minInstanceCount in the JSON is 0");
    assertEquals(100, none.ceiling(), "the template's maxInstanceCount when the service has none");
  }

  @Test
  void anApplyAboveTheMaximumIsClampedAndSaysSo() throws Exception {
    fake.serviceAt(1, 5);
    ApplyOutcome o = join(adapter.apply(target, desired(8)));
    assertEquals(5, o.to(), o.toString());
    assertTrue(o.detail().contains("clamped to maxInstanceCount 5"), o.detail());
    assertEquals(5, fake.platformMin());
  }

  @Test
  void theEngineClampsToTheMaximumItReads() {
    fake.serviceAt(0, 3);
    try (EngineHarness h = new EngineHarness(time, adapter)) {
      ApplyOutcome o =
          h.await(
              h.submit(CloudRunProvider.NAME, target.values(), "us-central1/checkout", 9, "t"),
              Duration.ofMinutes(5));
      assertEquals(ApplyOutcome.Kind.SCALED, o.kind(), o.toString());
      assertEquals(3, o.to(), o.toString());
    }
  }

  @Test
  void aLongRunningOperationIsPolledUntilDone() throws Exception {
    fake.serviceAt(0, 0);
    fake.wm.stubFor(
        patch(urlPathEqualTo(PATH))
            .willReturn(json(200, "{\"name\":\"" + OP + "\",\"done\":false}")));
    fake.wm.stubFor(
        get(urlPathEqualTo("/v2/" + OP))
            .inScenario("op")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(json(200, "{\"name\":\"" + OP + "\",\"done\":false}"))
            .willSetStateTo("done"));
    fake.wm.stubFor(
        get(urlPathEqualTo("/v2/" + OP))
            .inScenario("op")
            .whenScenarioStateIs("done")
            .willReturn(
                json(
                    200,
                    "{\"name\":\""
                        + OP
                        + "\",\"done\":true,\"response\":{\"@type\":\""
                        + CloudRunFake.SERVICE_TYPE
                        + "\",\"scaling\":{\"minInstanceCount\":2}}}")));
    ApplyOutcome o = join(adapter.apply(target, desired(2)));
    assertEquals(2, o.to(), o.toString());
    assertEquals(2, fake.wm.findAll(getRequestedFor(urlPathEqualTo("/v2/" + OP))).size());
  }

  @Test
  void anOperationNotDoneByTheDeadlineIsATimeout() {
    fake.serviceAt(0, 0);
    fake.wm.stubFor(
        patch(urlPathEqualTo(PATH))
            .willReturn(json(200, "{\"name\":\"" + OP + "\",\"done\":false}")));
    fake.wm.stubFor(
        get(urlPathEqualTo("/v2/" + OP))
            .willReturn(json(200, "{\"name\":\"" + OP + "\",\"done\":false}")));
    long t0 = System.nanoTime();
    AdapterException e = failure(adapter.apply(target, desired(2)));
    assertEquals(AdapterException.Kind.TIMEOUT, e.kind(), e.toString());
    assertTrue(e.getMessage().contains("operation-timeout"), e.getMessage());
    assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(3), "bounded by the deadline");
    int polls = fake.wm.findAll(getRequestedFor(urlPathEqualTo("/v2/" + OP))).size();
    assertEquals(8, polls, "400ms / 50ms polls");
  }

  @Test
  void anOperationThatFailsIsClassifiedByItsStatusCode() {
    fake.serviceAt(0, 0);
    fake.wm.stubFor(
        patch(urlPathEqualTo(PATH))
            .willReturn(
                json(
                    200,
                    "{\"name\":\""
                        + OP
                        + "\",\"done\":true,"
                        + "\"error\":{\"code\":8,\"message\":\"Quota exceeded for total allowable CPU\"}}")));
    AdapterException e = failure(adapter.apply(target, desired(2)));
    assertEquals(AdapterException.Kind.THROTTLED, e.kind(), e.toString());
    assertTrue(e.getMessage().contains("RESOURCE_EXHAUSTED"), e.getMessage());
  }

  @Test
  void quotaConflictNotFoundAndUnavailableMapToTheEnginesOutcomes() {
    record Case(int http, String status, AdapterException.Kind kind) {}
    for (Case c :
        List.of(
            new Case(429, "RESOURCE_EXHAUSTED", AdapterException.Kind.THROTTLED),
            new Case(409, "ABORTED", AdapterException.Kind.CONFLICT),
            new Case(400, "FAILED_PRECONDITION", AdapterException.Kind.CONFLICT),
            new Case(404, "NOT_FOUND", AdapterException.Kind.REJECTED),
            new Case(400, "INVALID_ARGUMENT", AdapterException.Kind.REJECTED),
            new Case(503, "UNAVAILABLE", AdapterException.Kind.SERVER_ERROR))) {
      fake.serviceAt(0, 0);
      fake.wm.stubFor(
          patch(urlPathEqualTo(PATH)).willReturn(json(c.http(), error(c.http(), c.status(), "x"))));
      AdapterException e = failure(adapter.apply(target, desired(2)));
      assertEquals(c.kind(), e.kind(), c + ": " + e);
      assertEquals(c.http(), e.status(), e.toString());
      assertTrue(e.getMessage().contains(c.status()), e.getMessage());
    }
  }

  @Test
  void quotaWaitsAtLeastTheRetryInfoDelay() {
    fake.serviceAt(0, 0);
    fake.wm.stubFor(
        patch(urlPathEqualTo(PATH))
            .willReturn(
                json(
                    429,
                    "{\"error\":{\"code\":429,\"message\":"
                        + "\"Quota exceeded\",\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":"
                        + "\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"30s\"}]}}")));
    AdapterException e = failure(adapter.apply(target, desired(2)));
    assertEquals(Duration.ofSeconds(30), e.retryAfter().orElseThrow());
  }

  @Test
  void theEngineRetriesAConflictAndAnUnavailableThenScales() throws Exception {
    fake.serviceAt(1, 0);
    String ok =
        "{\"name\":\""
            + OP
            + "\",\"done\":true,\"response\":{\"scaling\":"
            + "{\"minInstanceCount\":{{jsonPath request.body '$.scaling.minInstanceCount'}} } } }";
    fake.wm.stubFor(
        patch(urlPathEqualTo(PATH))
            .inScenario("f")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(json(409, error(409, "ABORTED", "etag mismatch")))
            .willSetStateTo("busy"));
    fake.wm.stubFor(
        patch(urlPathEqualTo(PATH))
            .inScenario("f")
            .whenScenarioStateIs("busy")
            .willReturn(json(503, error(503, "UNAVAILABLE", "try again")))
            .willSetStateTo("ok"));
    fake.wm.stubFor(
        patch(urlPathEqualTo(PATH))
            .inScenario("f")
            .whenScenarioStateIs("ok")
            .willReturn(json(200, ok).withTransformers("response-template")));
    try (EngineHarness h = new EngineHarness(time, adapter)) {
      ApplyOutcome o =
          h.await(
              h.submit(CloudRunProvider.NAME, target.values(), "us-central1/checkout", 4, "t"),
              Duration.ofMinutes(5));
      assertEquals(ApplyOutcome.Kind.SCALED, o.kind(), o.toString());
      assertEquals(4, o.to());
    }
    assertEquals(3, fake.patches().size());
    assertEquals(4, fake.platformMin());
  }

  @Test
  void theEngineGivesUpOnNotFound() {
    fake.serviceAt(1, 0);
    fake.wm.stubFor(
        get(urlPathEqualTo(PATH))
            .willReturn(json(404, error(404, "NOT_FOUND", "Resource '" + "checkout' not found"))));
    try (EngineHarness h = new EngineHarness(time, adapter)) {
      ApplyOutcome o =
          h.await(
              h.submit(CloudRunProvider.NAME, target.values(), "us-central1/checkout", 4, "t"),
              Duration.ofMinutes(5));
      assertEquals(ApplyOutcome.Kind.REJECTED, o.kind(), o.toString());
    }
    assertEquals(0, fake.patches().size());
  }

  @Test
  void policyValidationNamesMissingKeysAndDerivesTheService() {
    CloudRunProvider p = new CloudRunProvider();
    assertEquals(
        List.of(),
        p.validateTarget(
            Target.of(
                CloudRunProvider.NAME, Map.of("project", "shop-prod", "location", "us-central1"))));
    assertEquals(
        List.of(),
        p.validateTarget(Target.of(CloudRunProvider.NAME, Map.of("service", CloudRunFake.NAME))));
    List<String> problems =
        p.validateTarget(
            Target.of(
                CloudRunProvider.NAME,
                Map.of("location", "us-central1", "service", "Checkout_V2")));
    assertEquals(2, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("'service' = Checkout_V2"), problems.toString());
    assertTrue(problems.get(1).contains("'project' is missing"), problems.toString());
    assertEquals(
        Map.of("project", "p", "location", "us-central1", "service", "checkout"),
        adapter.targetFor(
            Map.of("project", "p", "location", "us-central1"),
            "us-central1/checkout",
            () -> Map.of("cloud.region", "us-central1")));
  }

  @Test
  void credentialsNoneOnlyOnALoopbackEndpoint() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new CloudRunProvider()
                    .create(
                        new AdapterContext(
                            CloudRunProvider.NAME,
                            Map.of("endpoint", "https://run.googleapis.com", "credentials", "none"),
                            time)));
    assertTrue(e.getMessage().contains("credentials = none"), e.getMessage());
    IllegalArgumentException http =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                new CloudRunProvider()
                    .create(
                        new AdapterContext(
                            CloudRunProvider.NAME,
                            Map.of("endpoint", "http://run.example.com"),
                            time)));
    assertTrue(
        http.getMessage().contains("setting endpoint = http://run.example.com"), http.getMessage());
  }

  private DesiredState desired(int n) {
    return new DesiredState(FunctionKey.of("us-central1/checkout"), n, -1, null);
  }

  private static <T> T join(CompletionStage<T> s) throws Exception {
    try {
      return s.toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      throw new AssertionError("failed: " + e.getCause(), e.getCause());
    }
  }

  private static AdapterException failure(CompletionStage<?> s) {
    try {
      Object v = s.toCompletableFuture().get(10, TimeUnit.SECONDS);
      throw new AssertionError("succeeded: " + v);
    } catch (ExecutionException e) {
      return Failures.classify(e.getCause());
    } catch (Exception e) {
      throw new AssertionError(e);
    }
  }
}
