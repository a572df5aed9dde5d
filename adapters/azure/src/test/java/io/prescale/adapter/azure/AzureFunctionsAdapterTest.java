package io.prescale.adapter.azure;

import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static io.prescale.adapter.azure.ArmFake.CONFIG;
import static io.prescale.adapter.azure.ArmFake.SITE;
import static io.prescale.adapter.azure.ArmFake.error;
import static io.prescale.adapter.azure.ArmFake.json;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.prescale.adapter.engine.Failures;
import io.prescale.adapter.spi.ActualState;
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

/** What the azure-functions adapter sends to ARM, and how it classifies what ARM answers. */
class AzureFunctionsAdapterTest {
  private static final String ASYNC =
      "/subscriptions/0b1f6471-1bf0-4dda-aec3-111122223333"
          + "/providers/Microsoft.Web/locations/eastus/operationResults/9c2b7f00-op";
  private final ManualTimeSource time = new ManualTimeSource(EngineHarness.START);
  private final ArmFake fake = new ArmFake();
  private final ScalingAdapter adapter = fake.adapter(time, "5s", "400ms");
  private final Target flex = Target.of(AzureFunctionsProvider.NAME, ArmFake.flexTarget());
  private final Target premium = Target.of(AzureFunctionsProvider.NAME, ArmFake.premiumTarget());

  @AfterEach
  void stop() {
    adapter.close();
    fake.close();
  }

  @Test
  void flexSetsItsAlwaysReadyEntryAndKeepsTheOthersAndTheRestOfTheConfig() throws Exception {
    fake.flexAt(1, 100);
    ApplyOutcome o = join(adapter.apply(flex, desired(4)));
    assertEquals(ApplyOutcome.Kind.SCALED, o.kind(), o.toString());
    assertEquals(1, o.from());
    assertEquals(4, o.to());
    var p = fake.patches(SITE).get(0);
    assertEquals(List.of("2024-04-01"), p.queryParameter("api-version").values());
    assertEquals("Bearer " + ArmFake.TOKEN, p.getHeader("Authorization"));
    JsonNode config = ArmFake.body(p).path("properties").path("functionAppConfig");
    assertEquals("python", config.path("runtime").path("name").asText(), config.toString());
    JsonNode scale = config.path("scaleAndConcurrency");
    assertEquals(
        "[{\"name\":\"http\",\"instanceCount\":2},{\"name\":\"function:checkout\",\"instanceCount\":4}]",
        scale.path("alwaysReady").toString());
    assertEquals(100, scale.path("maximumInstanceCount").asInt());
  }

  @Test
  void flexZeroRemovesTheEntry() throws Exception {
    fake.flexAt(3, 100);
    join(adapter.apply(flex, desired(0)));
    JsonNode scale =
        ArmFake.body(fake.patches(SITE).get(0))
            .path("properties")
            .path("functionAppConfig")
            .path("scaleAndConcurrency");
    assertEquals("[{\"name\":\"http\",\"instanceCount\":2}]", scale.path("alwaysReady").toString());
  }

  @Test
  void flexReadsItsEntryAndTheMaximumLessTheOtherEntries() throws Exception {
    fake.flexAt(3, 10);
    ActualState s = join(adapter.read(flex));
    assertEquals(3, s.configured());
    assertEquals(8, s.ceiling(), "maximumInstanceCount 10 less http: 2");
    ApplyOutcome o = join(adapter.apply(flex, desired(12)));
    assertEquals(8, o.to(), o.toString());
    assertTrue(o.detail().contains("clamped"), o.detail());
  }

  @Test
  void premiumSetsMinimumElasticAndPreWarmedInstanceCounts() throws Exception {
    fake.premiumAt(1);
    assertEquals(1, join(adapter.read(premium)).configured());
    assertEquals(20, join(adapter.read(premium)).ceiling());
    ApplyOutcome o = join(adapter.apply(premium, desired(3)));
    assertEquals(3, o.to(), o.toString());
    var p = fake.patches(CONFIG).get(0);
    assertEquals(List.of("2024-04-01"), p.queryParameter("api-version").values());
    assertEquals(
        "{\"properties\":{\"minimumElasticInstanceCount\":3,\"preWarmedInstanceCount\":1}}",
        ArmFake.body(p).toString());
  }

  @Test
  void anAcceptedPatchIsFollowedThroughAzureAsyncOperation() throws Exception {
    fake.flexAt(0, 100);
    String status = fake.wm.baseUrl() + ASYNC;
    fake.wm.stubFor(
        patch(urlPathEqualTo(SITE))
            .willReturn(
                json(202, "")
                    .withHeader("Azure-AsyncOperation", status)
                    .withHeader("Retry-After", "0")));
    fake.wm.stubFor(
        get(urlPathEqualTo(ASYNC))
            .inScenario("op")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(json(200, "{\"status\":\"InProgress\"}"))
            .willSetStateTo("done"));
    fake.wm.stubFor(
        get(urlPathEqualTo(ASYNC))
            .inScenario("op")
            .whenScenarioStateIs("done")
            .willReturn(json(200, "{\"status\":\"Succeeded\"}")));
    ApplyOutcome o = join(adapter.apply(flex, desired(2)));
    assertEquals(ApplyOutcome.Kind.SCALED, o.kind(), o.toString());
    var polls = fake.wm.findAll(getRequestedFor(urlPathEqualTo(ASYNC)));
    assertEquals(2, polls.size());
    assertEquals("Bearer " + ArmFake.TOKEN, polls.get(0).getHeader("Authorization"));
  }

  @Test
  void anAcceptedPatchIsFollowedThroughLocation() throws Exception {
    fake.flexAt(0, 100);
    fake.wm.stubFor(
        patch(urlPathEqualTo(SITE))
            .willReturn(json(202, "").withHeader("Location", fake.wm.baseUrl() + ASYNC)));
    fake.wm.stubFor(
        get(urlPathEqualTo(ASYNC))
            .inScenario("loc")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(json(202, ""))
            .willSetStateTo("done"));
    fake.wm.stubFor(
        get(urlPathEqualTo(ASYNC))
            .inScenario("loc")
            .whenScenarioStateIs("done")
            .willReturn(json(200, ArmFake.flexSite(2, 100))));
    assertEquals(ApplyOutcome.Kind.SCALED, join(adapter.apply(flex, desired(2))).kind());
    assertEquals(2, fake.wm.findAll(getRequestedFor(urlPathEqualTo(ASYNC))).size());
  }

  @Test
  void aSlowOperationIsATimeoutAtItsDeadline() {
    fake.flexAt(0, 100);
    fake.wm.stubFor(
        patch(urlPathEqualTo(SITE))
            .willReturn(
                json(202, "").withHeader("Azure-AsyncOperation", fake.wm.baseUrl() + ASYNC)));
    fake.wm.stubFor(
        get(urlPathEqualTo(ASYNC)).willReturn(json(200, "{\"status\":\"InProgress\"}")));
    long t0 = System.nanoTime();
    AdapterException e = failure(adapter.apply(flex, desired(2)));
    assertEquals(AdapterException.Kind.TIMEOUT, e.kind(), e.toString());
    assertTrue(e.getMessage().contains("operation-timeout"), e.getMessage());
    assertTrue(System.nanoTime() - t0 < TimeUnit.SECONDS.toNanos(4), "bounded by the deadline");
  }

  @Test
  void aFailedOperationIsClassifiedByItsErrorCode() {
    fake.flexAt(0, 100);
    fake.wm.stubFor(
        patch(urlPathEqualTo(SITE))
            .willReturn(
                json(202, "").withHeader("Azure-AsyncOperation", fake.wm.baseUrl() + ASYNC)));
    fake.wm.stubFor(
        get(urlPathEqualTo(ASYNC))
            .willReturn(
                json(
                    200,
                    "{\"status\":\"Failed\",\"error\":{\"code\":\"Conflict\",\"message\":\"Another operation"
                        + " is in progress\"}}")));
    AdapterException e = failure(adapter.apply(flex, desired(2)));
    assertEquals(AdapterException.Kind.CONFLICT, e.kind(), e.toString());
  }

  @Test
  void aPollingUrlOnAnotherHostGetsNoToken() {
    fake.flexAt(0, 100);
    fake.wm.stubFor(
        patch(urlPathEqualTo(SITE))
            .willReturn(
                json(202, "")
                    .withHeader("Azure-AsyncOperation", "https://attacker.example" + ASYNC)));
    AdapterException e = failure(adapter.apply(flex, desired(2)));
    assertTrue(e.getMessage().contains("polling URL on host attacker.example"), e.getMessage());
  }

  @Test
  void conflictThrottlingNotFoundAndUnavailableMapToTheEnginesOutcomes() {
    record Case(int status, String code, AdapterException.Kind kind) {}
    for (Case c :
        List.of(
            new Case(409, "Conflict", AdapterException.Kind.CONFLICT),
            new Case(429, "TooManyRequests", AdapterException.Kind.THROTTLED),
            new Case(404, "ResourceNotFound", AdapterException.Kind.REJECTED),
            new Case(400, "BadRequest", AdapterException.Kind.REJECTED),
            new Case(503, "ServiceUnavailable", AdapterException.Kind.SERVER_ERROR))) {
      fake.flexAt(0, 100);
      fake.wm.stubFor(
          patch(urlPathEqualTo(SITE))
              .willReturn(
                  json(c.status(), error(c.code(), "scripted"))
                      .withHeader("Retry-After", c.status() == 429 ? "7" : "")));
      AdapterException e = failure(adapter.apply(flex, desired(2)));
      assertEquals(c.kind(), e.kind(), c + ": " + e);
      assertTrue(e.getMessage().contains(c.code()), e.getMessage());
      if (c.status() == 429) {
        assertEquals(Duration.ofSeconds(7), e.retryAfter().orElseThrow());
      }
    }
  }

  @Test
  void theEngineWaitsOutThrottlingRetriesAConflictThenScales() throws Exception {
    fake.flexAt(1, 100);
    fake.wm.stubFor(
        patch(urlPathEqualTo(SITE))
            .inScenario("f")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                json(429, error("TooManyRequests", "throttled")).withHeader("Retry-After", "20"))
            .willSetStateTo("conflict"));
    fake.wm.stubFor(
        patch(urlPathEqualTo(SITE))
            .inScenario("f")
            .whenScenarioStateIs("conflict")
            .willReturn(json(409, error("Conflict", "operation in progress")))
            .willSetStateTo("ok"));
    fake.wm.stubFor(
        patch(urlPathEqualTo(SITE))
            .inScenario("f")
            .whenScenarioStateIs("ok")
            .willReturn(json(200, ArmFake.flexSite(5, 100))));
    try (EngineHarness h = new EngineHarness(time, adapter)) {
      var t0 = time.instant();
      ApplyOutcome o =
          h.await(
              h.submit(AzureFunctionsProvider.NAME, flex.values(), "East US/checkout", 5, "t"),
              Duration.ofMinutes(5));
      assertEquals(ApplyOutcome.Kind.SCALED, o.kind(), o.toString());
      assertTrue(
          Duration.between(t0, time.instant()).compareTo(Duration.ofSeconds(20)) >= 0,
          "waited at least Retry-After in virtual time");
    }
    assertEquals(3, fake.patches(SITE).size());
    assertEquals(5, fake.flexCount(1));
  }

  @Test
  void theEngineGivesUpWhenTheAppIsNotFound() {
    fake.wm.stubFor(
        get(urlPathEqualTo(SITE))
            .withQueryParam("api-version", equalTo("2024-04-01"))
            .willReturn(
                json(
                    404,
                    error(
                        "ResourceNotFound",
                        "The Resource 'Microsoft.Web/sites/shop-func' under resource group 'rg-shop' was not"
                            + " found."))));
    try (EngineHarness h = new EngineHarness(time, adapter)) {
      ApplyOutcome o =
          h.await(
              h.submit(AzureFunctionsProvider.NAME, flex.values(), "East US/checkout", 5, "t"),
              Duration.ofMinutes(5));
      assertEquals(ApplyOutcome.Kind.REJECTED, o.kind(), o.toString());
    }
  }

  @Test
  void policyValidationNamesWhatIsMissingOrWrong() {
    AzureFunctionsProvider p = new AzureFunctionsProvider();
    assertEquals(
        List.of(),
        p.validateTarget(
            Target.of(
                AzureFunctionsProvider.NAME,
                Map.of("subscription", "s", "resourceGroup", "g", "plan", "flex"))));
    List<String> problems =
        p.validateTarget(
            Target.of(
                AzureFunctionsProvider.NAME,
                Map.of("resourceGroup", "g", "plan", "consumption", "alwaysReady", "queue")));
    assertEquals(3, problems.size(), problems.toString());
    assertTrue(problems.get(0).contains("'plan' = consumption, must be flex or premium"));
    assertTrue(problems.get(1).contains("'subscription' is missing"));
    assertTrue(problems.get(2).contains("'alwaysReady' = queue"));
    assertTrue(
        p.validateTarget(
                Target.of(
                    AzureFunctionsProvider.NAME,
                    Map.of(
                        "subscription",
                        "s",
                        "resourceGroup",
                        "g",
                        "plan",
                        "premium",
                        "preWarmed",
                        "11")))
            .get(0)
            .contains("'preWarmed' = 11, must be an integer in [0; 10]"));
  }

  private DesiredState desired(int n) {
    return new DesiredState(FunctionKey.of("East US/checkout"), n, -1, null);
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
