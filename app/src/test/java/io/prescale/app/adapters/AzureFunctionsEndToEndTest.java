package io.prescale.app.adapters;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.prescale.app.ChildRun;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end on Azure Functions (Flex Consumption): {@code prescale run} in its own JVM, fed spans
 * shaped as the Functions host emits them with {@code "telemetryMode": "OpenTelemetry"} (resource
 * from its FunctionsResourceDetector: {@code service.name} = the app, {@code cloud.provider=azure},
 * {@code cloud.platform=azure_functions}, {@code cloud.region} = {@code REGION_NAME}, {@code
 * cloud.resource_id} = the site's ARM id; the ASP.NET Core SERVER span with {@code faas.trigger},
 * {@code http.route}, {@code faas.name}), keys the function {@code East US/checkout}. The
 * predictive rule's floor goes through the {@code azure-functions} adapter (app derived from {@code
 * cloud.resource_id}, always-ready entry {@code function:checkout} from the key) to WireMock
 * standing in for ARM, authenticated by azure-identity's DefaultAzureCredential through the App
 * Service managed identity endpoint ({@code IDENTITY_ENDPOINT}/{@code IDENTITY_HEADER}, also
 * WireMock). ARM answers 429 with Retry-After, 409 and 503 before a 202 whose Azure-AsyncOperation
 * is polled to Succeeded. Waits are bounded.
 */
class AzureFunctionsEndToEndTest {
  private static final String SUB = "0b1f6471-1bf0-4dda-aec3-111122223333";
  private static final String SITE =
      "/subscriptions/" + SUB + "/resourceGroups/rg-shop/providers/Microsoft.Web/sites/shop-func";
  private static final String ASYNC =
      "/subscriptions/" + SUB + "/providers/Microsoft.Web/locations/eastus/operationResults/e2e";
  private static final String TOKEN = "eyJ0eXAiOiJKV1QifQ.managed-identity.sig";
  private final WireMockServer wm =
      new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
  private Process process;
  @TempDir Path dir;

  @AfterEach
  void stop() throws Exception {
    CloudPlatformRuns.stop(process);
    wm.stop();
  }

  @Test
  void functionsHostSpansDriveTheAlwaysReadyEntryThroughFaults() throws Exception {
    arm();
    ChildRun run =
        CloudPlatformRuns.run(
            dir,
            """
            defaults:
              mode: "off"
            policies:
              - name: checkout
                match: { function: "East US/checkout" }
                mode: predictive
                minInstances: 2
                adapter:
                  name: azure-functions
                  target:
                    subscription: %s
                    resourceGroup: rg-shop
                    plan: flex
            """
                .formatted(SUB),
            Map.of(
                "PRESCALE_ADAPTER_AZURE_FUNCTIONS_ENDPOINT", wm.baseUrl(),
                "PRESCALE_ADAPTER_AZURE_FUNCTIONS_POLL_INTERVAL", "200ms",
                "PRESCALE_ADAPTER_AZURE_FUNCTIONS_OPERATION_TIMEOUT", "10s",
                "IDENTITY_ENDPOINT", wm.baseUrl() + "/msi/token",
                "IDENTITY_HEADER", "e2e-identity-header"),
            "azure-e2e");
    process = run.process();
    Resource resource =
        Resource.create(
            Attributes.builder()
                .put("service.name", "shop-func")
                .put("service.version", "4.1037.1.1")
                .put("ai.sdk.prefix", "azurefunctions:4.1037.1.1")
                .put("process.pid", 4321L)
                .put("cloud.provider", "azure")
                .put("cloud.platform", "azure_functions")
                .put("cloud.region", "East US")
                .put("cloud.resource_id", SITE)
                .build());
    Attributes span =
        Attributes.builder()
            .put("faas.trigger", "http")
            .put("http.route", "api/checkout")
            .put("faas.name", "checkout")
            .put("faas.invocation_id", "7c7c0a2e-5b7e-4f43-9e3a-3a1f0b6b9d11")
            .put(AttributeKey.stringKey("http.request.method"), "GET")
            .put(AttributeKey.longKey("http.response.status_code"), 200L)
            .build();
    boolean done = false;
    try (SdkTracerProvider tracer = CloudPlatformRuns.tracer(run, resource)) {
      for (int i = 0; i < 120 && !done; i++) {
        CloudPlatformRuns.invocations(tracer, "Microsoft.AspNetCore", "GET api/checkout", span, 5);
        Thread.sleep(500);
        done = wm.findAll(getRequestedFor(urlPathEqualTo(ASYNC))).size() >= 2;
      }
    }
    List<LoggedRequest> patches = wm.findAll(patchRequestedFor(urlPathEqualTo(SITE)));
    assertTrue(
        done && patches.size() >= 4,
        "429, 409, 503, then 202 polled to Succeeded; "
            + patches.size()
            + " PATCHes; output:\n"
            + run.drain());
    LoggedRequest last = patches.get(patches.size() - 1);
    assertEquals("2024-04-01", last.queryParameter("api-version").firstValue());
    assertEquals("Bearer " + TOKEN, last.getHeader("Authorization"));
    JsonNode ready =
        new ObjectMapper()
            .readTree(last.getBodyAsString())
            .path("properties")
            .path("functionAppConfig")
            .path("scaleAndConcurrency")
            .path("alwaysReady");
    assertEquals("http", ready.get(0).path("name").asText(), ready.toString());
    assertEquals("function:checkout", ready.get(1).path("name").asText(), ready.toString());
    assertTrue(ready.get(1).path("instanceCount").asInt() >= 2, ready.toString());
    String actions = "";
    for (int i = 0; i < 20 && !actions.contains("\"outcome\":\"scaled\""); i++) {
      actions =
          CloudPlatformRuns.get(
              "http://127.0.0.1:" + run.apiPort() + "/api/v1/actions?function=East%20US/checkout");
      Thread.sleep(250);
    }
    assertTrue(
        actions.contains("\"outcome\":\"scaled\"")
            && actions.contains("alwaysReady function:checkout"),
        actions);
    String output = run.drain();
    assertFalse(output.contains(TOKEN), "the token is never logged:\n" + output);
    assertFalse(output.contains("\tat "), "expected failures log no stack trace:\n" + output);
  }

  private void arm() {
    wm.start();
    wm.stubFor(
        get(urlPathEqualTo("/msi/token"))
            .withHeader("X-IDENTITY-HEADER", equalTo("e2e-identity-header"))
            .willReturn(
                json(
                    200,
                    "{\"access_token\":\""
                        + TOKEN
                        + "\",\"expires_on\":\""
                        + (System.currentTimeMillis() / 1000 + 3600)
                        + "\",\"resource\":"
                        + "\"https://management.azure.com/\",\"token_type\":\"Bearer\","
                        + "\"client_id\":\"5f3e1a2b-0000-4000-8000-000000000002\"}")));
    wm.stubFor(
        get(urlPathEqualTo(SITE))
            .willReturn(
                json(
                    200,
                    "{\"id\":\""
                        + SITE
                        + "\","
                        + "\"name\":\"shop-func\",\"type\":\"Microsoft.Web/sites\",\"kind\":\"functionapp,linux\","
                        + "\"location\":\"East US\",\"properties\":{\"state\":\"Running\",\"functionAppConfig\":{"
                        + "\"runtime\":{\"name\":\"node\",\"version\":\"20\"},\"scaleAndConcurrency\":{"
                        + "\"alwaysReady\":[{\"name\":\"http\",\"instanceCount\":1}],\"maximumInstanceCount\":40,"
                        + "\"instanceMemoryMB\":2048}}}}")));
    step(
        Scenario.STARTED,
        "throttled",
        json(429, "{\"error\":{\"code\":\"TooManyRequests\",\"message\":\"slow down\"}}")
            .withHeader("Retry-After", "1"));
    step(
        "throttled",
        "conflict",
        json(
            409,
            "{\"error\":{\"code\":\"Conflict\",\"message\":"
                + "\"There is already an operation in progress on the site\"}}"));
    step(
        "conflict",
        "unavailable",
        json(503, "{\"error\":{\"code\":\"ServiceUnavailable\"," + "\"message\":\"try again\"}}"));
    step(
        "unavailable",
        "accepted",
        json(202, "")
            .withHeader("Azure-AsyncOperation", wm.baseUrl() + ASYNC)
            .withHeader("Retry-After", "0"));
    wm.stubFor(
        get(urlPathEqualTo(ASYNC))
            .inScenario("op")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(json(200, "{\"status\":\"InProgress\"}"))
            .willSetStateTo("done"));
    wm.stubFor(
        get(urlPathEqualTo(ASYNC))
            .inScenario("op")
            .whenScenarioStateIs("done")
            .willReturn(json(200, "{\"status\":\"Succeeded\"}")));
  }

  private void step(String from, String to, ResponseDefinitionBuilder answer) {
    wm.stubFor(
        patch(urlPathEqualTo(SITE))
            .inScenario("patch")
            .whenScenarioStateIs(from)
            .willReturn(answer)
            .willSetStateTo(to));
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json; charset=utf-8")
        .withBody(body);
  }
}
