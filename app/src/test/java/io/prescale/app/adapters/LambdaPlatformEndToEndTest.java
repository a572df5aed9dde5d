package io.prescale.app.adapters;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.equalToJson;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.put;
import static com.github.tomakehurst.wiremock.client.WireMock.putRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathMatching;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import io.prescale.app.ChildRun;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end without code in the function: {@code prescale run} in its own JVM, fed only Lambda's
 * platform reports (CloudWatch Logs REPORT lines delivered by a Firehose HTTP endpoint delivery,
 * and a Telemetry API batch as an extension forwards it), puts provisioned concurrency on the alias
 * the policy names through the {@code aws-lambda} adapter, against WireMock standing in for
 * Lambda's REST API. The policy names no function: the adapter derives {@code checkout} from the
 * key {@code eu-west-1/checkout}. Waits are bounded.
 */
class LambdaPlatformEndToEndTest {
  private static final String PC = "/2019-09-30/functions/checkout/provisioned-concurrency";
  private static final String TOKEN = "firehose-and-extension-token";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final WireMockServer wm =
      new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
  private Process process;
  @TempDir Path dir;

  @AfterEach
  void stop() throws Exception {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
    wm.stop();
  }

  @Test
  void platformReportsAloneDriveProvisionedConcurrencyOnTheAlias() throws Exception {
    lambdaApi();
    Path token = dir.resolve("token");
    Files.writeString(token, TOKEN + "\n");
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(
        policy,
        """
        defaults:
          mode: "off"
        policies:
          - name: checkout
            match: { function: eu-west-1/checkout }
            mode: fixed
            minInstances: 3
            adapter: { name: aws-lambda, target: { qualifier: live } }
        """);
    ProcessBuilder pb =
        new ProcessBuilder(
            ChildRun.command(
                "run",
                "--config",
                policy.toString(),
                "--ingest-token-file",
                token.toString(),
                "--bind",
                "127.0.0.1",
                "--otlp-http-port",
                "0",
                "--otlp-grpc-port",
                "0",
                "--http-port",
                "0"));
    pb.environment().keySet().removeIf(k -> k.startsWith("AWS_"));
    pb.environment().put("AWS_ACCESS_KEY_ID", "AKIDTEST");
    pb.environment().put("AWS_SECRET_ACCESS_KEY", "secret");
    pb.environment().put("PRESCALE_ADAPTER_AWS_LAMBDA_REGION", "eu-west-1");
    pb.environment().put("PRESCALE_ADAPTER_AWS_LAMBDA_ENDPOINT", wm.baseUrl());
    ChildRun run = ChildRun.start(pb, "lambda-e2e");
    process = run.process();
    String base = "http://127.0.0.1:" + run.otlpPort();
    HttpClient http = HttpClient.newHttpClient();

    HttpResponse<String> ext =
        http.send(
            HttpRequest.newBuilder(URI.create(base + "/v1/lambda/telemetry"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TOKEN)
                .header("X-Prescale-Lambda-Function", "checkout")
                .header("X-Prescale-Lambda-Region", "eu-west-1")
                .header("X-Prescale-Lambda-Version", "12")
                .header("X-Prescale-Lambda-Instance", "2026/12/06/[12]extension-env")
                .POST(HttpRequest.BodyPublishers.ofString(telemetryBatch()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, ext.statusCode(), ext.body());
    assertEquals(2, JSON.readTree(ext.body()).get("accepted").asLong(), ext.body());

    boolean applied = false;
    for (int i = 0; i < 120 && !applied; i++) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create(base + "/v1/lambda/firehose"))
                  .header("Content-Type", "application/json")
                  .header("X-Amz-Firehose-Protocol-Version", "1.0")
                  .header("X-Amz-Firehose-Request-Id", "req-" + i)
                  .header(
                      "X-Amz-Firehose-Source-Arn",
                      "arn:aws:firehose:eu-west-1:123456789012:deliverystream/prescale")
                  .header("X-Amz-Firehose-Access-Key", TOKEN)
                  .POST(HttpRequest.BodyPublishers.ofString(firehose(i)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      assertEquals("req-" + i, JSON.readTree(r.body()).get("requestId").asText());
      Thread.sleep(500);
      applied =
          !wm.findAll(
                  putRequestedFor(urlPathEqualTo(PC))
                      .withQueryParam("Qualifier", equalTo("live"))
                      .withRequestBody(equalToJson("{\"ProvisionedConcurrentExecutions\":3}")))
              .isEmpty();
    }
    assertTrue(
        applied, "PutProvisionedConcurrencyConfig(checkout:live, 3); output:\n" + run.drain());

    HttpResponse<String> fn =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + run.apiPort()
                            + "/api/v1/functions/eu-west-1/checkout"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, fn.statusCode(), fn.body());
    JsonNode labels = JSON.readTree(fn.body()).path("labels");
    assertEquals("eu-west-1", labels.path("cloud.region").asText(), fn.body());
  }

  /** Lambda's REST API for function checkout, alias live: no floor until the PUT of 3 lands. */
  private void lambdaApi() {
    wm.start();
    wm.stubFor(
        get(urlPathEqualTo("/2019-09-30/functions/checkout/concurrency"))
            .willReturn(json(200, "{}")));
    wm.stubFor(
        get(urlPathMatching("/2016-08-19/account-settings/?"))
            .willReturn(
                json(
                    200,
                    "{\"AccountLimit\":{\"ConcurrentExecutions\":1000,"
                        + "\"UnreservedConcurrentExecutions\":1000},\"AccountUsage\":{}}")));
    wm.stubFor(
        get(urlPathEqualTo(PC))
            .withQueryParam("Qualifier", equalTo("live"))
            .inScenario("pc")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                json(
                        404,
                        "{\"Type\":\"User\",\"message\":\"No Provisioned Concurrency Config found"
                            + " for this function\"}")
                    .withHeader("x-amzn-ErrorType", "ProvisionedConcurrencyConfigNotFoundException")
                    .withHeader("x-amzn-RequestId", "req-1")));
    wm.stubFor(
        put(urlPathEqualTo(PC))
            .withQueryParam("Qualifier", equalTo("live"))
            .inScenario("pc")
            .willReturn(
                json(
                    202,
                    "{\"RequestedProvisionedConcurrentExecutions\":3,"
                        + "\"AvailableProvisionedConcurrentExecutions\":0,"
                        + "\"AllocatedProvisionedConcurrentExecutions\":0,\"Status\":\"IN_PROGRESS\","
                        + "\"LastModified\":\"2026-01-01T00:00:00+0000\"}"))
            .willSetStateTo("set"));
    wm.stubFor(
        get(urlPathEqualTo(PC))
            .inScenario("pc")
            .whenScenarioStateIs("set")
            .willReturn(
                json(
                    200,
                    "{\"RequestedProvisionedConcurrentExecutions\":3,"
                        + "\"AvailableProvisionedConcurrentExecutions\":3,"
                        + "\"AllocatedProvisionedConcurrentExecutions\":3,\"Status\":\"READY\","
                        + "\"LastModified\":\"2026-01-01T00:00:00+0000\"}")));
  }

  private static ResponseDefinitionBuilder json(int status, String body) {
    return aResponse()
        .withStatus(status)
        .withHeader("Content-Type", "application/json")
        .withBody(body);
  }

  /** A Telemetry API batch: an on-demand init, its cold invocation, a warm one. */
  private static String telemetryBatch() {
    Instant t = Instant.now().minusSeconds(5);
    return "[{\"time\":\""
        + t
        + "\",\"type\":\"platform.initStart\",\"record\":{\"initializationType\":\"on-demand\","
        + "\"phase\":\"init\"}},"
        + report(t.plusMillis(400), "e1", 180.2, ",\"initDurationMs\":320.5")
        + ","
        + report(t.plusMillis(900), "e2", 12.0, "")
        + "]";
  }

  private static String report(Instant time, String id, double ms, String extra) {
    return "{\"time\":\""
        + time
        + "\",\"type\":\"platform.report\",\"record\":{\"requestId\":\""
        + id
        + "\",\"metrics\":{\"durationMs\":"
        + ms
        + ",\"billedDurationMs\":"
        + (long) Math.ceil(ms)
        + ",\"memorySizeMB\":512,\"maxMemoryUsedMB\":120"
        + extra
        + "},\"status\":\"success\"}}";
  }

  /** A Firehose delivery of one gzip'ed CloudWatch Logs payload with a few REPORT lines. */
  private static String firehose(int batch) throws IOException {
    long now = System.currentTimeMillis() - 1000;
    ObjectNode logs = JSON.createObjectNode();
    logs.put("messageType", "DATA_MESSAGE");
    logs.put("owner", "123456789012");
    logs.put("logGroup", "/aws/lambda/checkout");
    logs.put("logStream", "2026/12/06/[12]0f1e2d3c4b5a69788796a5b4c3d2e1f0");
    logs.putArray("subscriptionFilters").add("prescale-reports");
    ArrayNode events = logs.putArray("logEvents");
    for (int j = 0; j < 3; j++) {
      events
          .addObject()
          .put("id", batch + "-" + j)
          .put("timestamp", now + j)
          .put(
              "message",
              "REPORT RequestId: "
                  + batch
                  + "-"
                  + j
                  + "\tDuration: 42.17 ms\tBilled Duration: 43 ms\tMemory Size: 512 MB\t"
                  + "Max Memory Used: 120 MB\t"
                  + (batch == 0 && j == 0 ? "Init Duration: 301.55 ms\t" : ""));
    }
    ByteArrayOutputStream gz = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(gz)) {
      z.write(logs.toString().getBytes(StandardCharsets.UTF_8));
    }
    ObjectNode body = JSON.createObjectNode();
    body.put("requestId", "req-" + batch);
    body.put("timestamp", System.currentTimeMillis());
    body.putArray("records")
        .addObject()
        .put("data", Base64.getEncoder().encodeToString(gz.toByteArray()));
    return body.toString();
  }
}
