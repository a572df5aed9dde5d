package io.prescale.adapter.gcp;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.patch;
import static com.github.tomakehurst.wiremock.client.WireMock.patchRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.prescale.adapter.spi.AdapterContext;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.core.time.TimeSource;
import java.util.List;
import java.util.Map;

/**
 * WireMock speaking the Cloud Run Admin API v2 REST shapes for one service, {@value #NAME}: {@code
 * services.get} answers a Service, {@code services.patch} a {@code google.longrunning.Operation}
 * (done at once, its {@code response} the Service with the minimum the PATCH asked for, by response
 * templating), errors as {@code {"error": {"code", "message", "status"}}}.
 */
final class CloudRunFake implements AutoCloseable {
  static final String NAME = "projects/shop-prod/locations/us-central1/services/checkout";
  static final String PATH = "/v2/" + NAME;
  static final String OP = "projects/shop-prod/locations/us-central1/operations/4a1f0c55-op";
  static final String SERVICE_TYPE = "type.googleapis.com/google.cloud.run.v2.Service";
  final WireMockServer wm =
      new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort().templatingEnabled(true));
  private int initial;

  CloudRunFake() {
    wm.start();
  }

  ScalingAdapter adapter(TimeSource time, String timeout, String operationTimeout) {
    return new CloudRunProvider()
        .create(
            new AdapterContext(
                CloudRunProvider.NAME,
                Map.of(
                    "endpoint",
                    wm.baseUrl(),
                    "credentials",
                    "none",
                    "timeout",
                    timeout,
                    "operation-timeout",
                    operationTimeout,
                    "poll-interval",
                    "50ms"),
                time));
  }

  /**
   * The service exists with service-level minimum {@code min} and maximum {@code max} (0: none).
   */
  Map<String, String> serviceAt(int min, int max) {
    initial = min;
    wm.stubFor(get(urlPathEqualTo(PATH)).willReturn(json(200, service(min, max, "\"etag-1\""))));
    wm.stubFor(
        patch(urlPathEqualTo(PATH))
            .willReturn(
                json(
                        200,
                        "{\"name\":\""
                            + OP
                            + "\",\"metadata\":{\"@type\":\""
                            + SERVICE_TYPE
                            + "\",\"name\":\""
                            + NAME
                            + "\"},\"done\":true,"
                            + "\"response\":{\"@type\":\""
                            + SERVICE_TYPE
                            + "\",\"name\":\""
                            + NAME
                            + "\",\"scaling\":{\"minInstanceCount\":"
                            + "{{jsonPath request.body '$.scaling.minInstanceCount'}} } } }")
                    .withTransformers("response-template")));
    return Map.of("project", "shop-prod", "location", "us-central1", "service", "checkout");
  }

  /** A v2 Service as {@code services.get} returns it (int64 generation as a JSON string). */
  static String service(int min, int max, String etag) {
    return "{\"name\":\""
        + NAME
        + "\",\"uid\":\"8a5d3b8e-0f4e-4b7e-9d36-2f8f2b0c1e11\","
        + "\"generation\":\"7\",\"createTime\":\"2026-01-01T00:00:00Z\","
        + "\"launchStage\":\"GA\",\"ingress\":\"INGRESS_TRAFFIC_ALL\","
        + "\"template\":{\"scaling\":{\"maxInstanceCount\":100},"
        + "\"containers\":[{\"image\":\"us-docker.pkg.dev/shop-prod/app/checkout:1.4\"}]},"
        + "\"traffic\":[{\"type\":\"TRAFFIC_TARGET_ALLOCATION_TYPE_LATEST\",\"percent\":100}],"
        + "\"scaling\":{"
        + (min > 0 ? "\"minInstanceCount\":" + min : "")
        + (max > 0 ? (min > 0 ? "," : "") + "\"maxInstanceCount\":" + max : "")
        + "},"
        + "\"observedGeneration\":\"7\",\"latestReadyRevision\":\""
        + NAME
        + "/revisions/checkout-00007-abc\",\"reconciling\":false,\"etag\":"
        + etag
        + "}";
  }

  static String error(int code, String status, String message) {
    return "{\"error\":{\"code\":"
        + code
        + ",\"message\":\""
        + message
        + "\",\"status\":\""
        + status
        + "\"}}";
  }

  static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json; charset=UTF-8")
        .withBody(body);
  }

  List<LoggedRequest> patches() {
    return wm.findAll(patchRequestedFor(urlPathEqualTo(PATH)));
  }

  /** The minimum the last PATCH asked for, else the initial one. */
  int platformMin() throws Exception {
    List<LoggedRequest> p = patches();
    return p.isEmpty()
        ? initial
        : new ObjectMapper()
            .readTree(p.get(p.size() - 1).getBodyAsString())
            .path("scaling")
            .path("minInstanceCount")
            .asInt(0);
  }

  @Override
  public void close() {
    wm.stop();
  }
}
