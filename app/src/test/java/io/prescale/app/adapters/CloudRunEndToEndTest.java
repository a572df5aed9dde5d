package io.prescale.app.adapters;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

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
 * End to end on Cloud Run: {@code prescale run} in its own JVM, fed spans from the real
 * OpenTelemetry SDK with the resource the GCP resource detector sets on Cloud Run ({@code
 * cloud.provider=gcp}, {@code cloud.platform=gcp_cloud_run}, {@code faas.name} = {@code K_SERVICE},
 * {@code cloud.region}, {@code cloud.account.id}), keys the function {@code us-central1/checkout};
 * the predictive rule's floor goes through the {@code gcp-cloud-run} adapter (the policy names no
 * service: it is derived from the key) to WireMock speaking the Cloud Run Admin API v2, which
 * answers the PATCH with 429 RESOURCE_EXHAUSTED, 409 ABORTED and 503 UNAVAILABLE before a slow
 * long-running operation. Waits are bounded.
 */
class CloudRunEndToEndTest {
  private static final String NAME = "projects/shop-prod/locations/us-central1/services/checkout";
  private static final String OP = "projects/shop-prod/locations/us-central1/operations/e2e-op";
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
  void cloudRunSpansDriveTheServiceLevelMinimumThroughFaults() throws Exception {
    cloudRunApi();
    ChildRun run =
        CloudPlatformRuns.run(
            dir,
            """
            defaults:
              mode: "off"
            policies:
              - name: checkout
                match: { function: us-central1/checkout }
                mode: predictive
                minInstances: 2
                adapter:
                  name: gcp-cloud-run
                  target: { project: shop-prod, location: us-central1 }
            """,
            Map.of(
                "PRESCALE_ADAPTER_GCP_CLOUD_RUN_ENDPOINT", wm.baseUrl(),
                "PRESCALE_ADAPTER_GCP_CLOUD_RUN_CREDENTIALS", "none",
                "PRESCALE_ADAPTER_GCP_CLOUD_RUN_POLL_INTERVAL", "200ms",
                "PRESCALE_ADAPTER_GCP_CLOUD_RUN_OPERATION_TIMEOUT", "10s"),
            "cloud-run-e2e");
    process = run.process();
    Resource resource =
        Resource.create(
            Attributes.builder()
                .put("service.name", "checkout")
                .put("cloud.provider", "gcp")
                .put("cloud.platform", "gcp_cloud_run")
                .put("cloud.region", "us-central1")
                .put("cloud.account.id", "shop-prod")
                .put("faas.name", "checkout")
                .put("faas.version", "checkout-00007-abc")
                .put("faas.instance", "0069c7a98878d2f2c2e8a5d7e4b1")
                .build());
    Attributes http =
        Attributes.of(
            AttributeKey.stringKey("http.request.method"), "POST",
            AttributeKey.stringKey("http.route"), "/checkout",
            AttributeKey.longKey("http.response.status_code"), 200L);
    boolean done = false;
    try (SdkTracerProvider tracer = CloudPlatformRuns.tracer(run, resource)) {
      for (int i = 0; i < 120 && !done; i++) {
        CloudPlatformRuns.invocations(tracer, "e2e", "POST /checkout", http, 5);
        Thread.sleep(500);
        done = wm.findAll(getRequestedFor(urlPathEqualTo("/v2/" + OP))).size() >= 2;
      }
    }
    List<LoggedRequest> patches = wm.findAll(patchRequestedFor(urlPathEqualTo("/v2/" + NAME)));
    assertTrue(
        done && patches.size() >= 4,
        "429, 409, 503, then an operation polled to done; "
            + patches.size()
            + " PATCHes; output:\n"
            + run.drain());
    LoggedRequest last = patches.get(patches.size() - 1);
    assertEquals("scaling.minInstanceCount", last.queryParameter("updateMask").firstValue());
    int floor =
        new ObjectMapper()
            .readTree(last.getBodyAsString())
            .path("scaling")
            .path("minInstanceCount")
            .asInt(-1);
    assertTrue(floor >= 2, "the predictive rule's floor, at least minInstances 2: " + floor);
    String fn =
        CloudPlatformRuns.get(
            "http://127.0.0.1:" + run.apiPort() + "/api/v1/functions/us-central1/checkout");
    assertTrue(fn.startsWith("200 ") && fn.contains("gcp_cloud_run"), fn);
    String actions = "";
    for (int i = 0; i < 20 && !actions.contains("\"outcome\":\"scaled\""); i++) {
      actions =
          CloudPlatformRuns.get(
              "http://127.0.0.1:"
                  + run.apiPort()
                  + "/api/v1/actions?function=us-central1/checkout");
      Thread.sleep(250);
    }
    assertTrue(actions.contains("\"outcome\":\"scaled\"") && actions.contains(NAME), actions);
    String output = run.drain();
    assertFalse(output.contains("\tat "), "expected failures log no stack trace:\n" + output);
  }

  /** The service at minimum 0; PATCH fails three ways, then starts an operation done on poll 2. */
  private void cloudRunApi() {
    wm.start();
    wm.stubFor(
        get(urlPathEqualTo("/v2/" + NAME))
            .willReturn(
                json(
                    200,
                    "{\"name\":\""
                        + NAME
                        + "\",\"generation\":\"3\",\"template\":{\"scaling\":{\"maxInstanceCount\":20}},"
                        + "\"scaling\":{},\"etag\":\"\\\"e-3\\\"\",\"reconciling\":false}")));
    step(
        "s",
        Scenario.STARTED,
        "throttled",
        json(
            429,
            "{\"error\":{\"code\":429,\"message\":"
                + "\"Quota exceeded\",\"status\":\"RESOURCE_EXHAUSTED\",\"details\":[{\"@type\":"
                + "\"type.googleapis.com/google.rpc.RetryInfo\",\"retryDelay\":\"1s\"}]}}"));
    step(
        "s",
        "throttled",
        "aborted",
        json(
            409,
            "{\"error\":{\"code\":409,\"message\":"
                + "\"etag mismatch\",\"status\":\"ABORTED\"}}"));
    step(
        "s",
        "aborted",
        "unavailable",
        json(
            503,
            "{\"error\":{\"code\":503,\"message\":"
                + "\"The service is currently unavailable.\",\"status\":\"UNAVAILABLE\"}}"));
    step(
        "s",
        "unavailable",
        "accepted",
        json(
            200,
            "{\"name\":\""
                + OP
                + "\",\"metadata\":{"
                + "\"@type\":\"type.googleapis.com/google.cloud.run.v2.Service\"},\"done\":false}"));
    wm.stubFor(
        get(urlPathEqualTo("/v2/" + OP))
            .inScenario("op")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(json(200, "{\"name\":\"" + OP + "\",\"done\":false}"))
            .willSetStateTo("done"));
    wm.stubFor(
        get(urlPathEqualTo("/v2/" + OP))
            .inScenario("op")
            .whenScenarioStateIs("done")
            .willReturn(
                json(
                    200,
                    "{\"name\":\""
                        + OP
                        + "\",\"done\":true,\"response\":{\"@type\":"
                        + "\"type.googleapis.com/google.cloud.run.v2.Service\",\"name\":\""
                        + NAME
                        + "\"}}")));
  }

  private void step(String scenario, String from, String to, ResponseDefinitionBuilder answer) {
    wm.stubFor(
        patch(urlPathEqualTo("/v2/" + NAME))
            .inScenario(scenario)
            .whenScenarioStateIs(from)
            .willReturn(answer)
            .willSetStateTo(to));
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json; charset=UTF-8")
        .withBody(body);
  }
}
