package io.prescale.collector.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prescale.collector.api.FunctionData;
import io.prescale.collector.http.BearerToken;
import io.prescale.collector.http.ServerSecurity;
import io.prescale.collector.otlp.OtlpOptions;
import io.prescale.collector.otlp.OtlpServers;
import io.prescale.collector.window.FunctionWindows;
import io.prescale.core.FunctionKey;
import io.prescale.core.time.TimeSource;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Instant;
import java.util.Base64;
import java.util.concurrent.TimeUnit;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Lambda platform telemetry through the real OTLP/HTTP port, the real ingest queue and the real
 * {@code CollectorSink} into the store: Telemetry API batches as an extension forwards them, and
 * Firehose deliveries of CloudWatch Logs (gzip'ed subscription payloads, the access-key header, the
 * response format), with exact invocation, cold start, error and instance counts; bombs, bad keys
 * and malformed records as Firehose and operators see them.
 */
class LambdaToStoreTest {
  private static final String TOKEN = "s3cret-ingest-token";
  private static final String SOURCE_ARN =
      "arn:aws:firehose:eu-west-1:123456789012:deliverystream/prescale-lambda";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static Vertx vertx;
  private static OtlpServers servers;
  private static FunctionData data;
  private static PrometheusRegistry registry;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    registry = new PrometheusRegistry();
    data = new FunctionData(TimeSource.system()).mount(Router.router(vertx), registry);
    servers =
        new OtlpServers(
            vertx,
            OtlpOptions.defaults()
                .withBindHost("127.0.0.1")
                .withPorts(0, 0)
                .withServerInstances(1)
                .withMaxBodyBytes(1 << 20)
                .withMaxInflightBytes(64 << 20),
            data.sink(),
            registry,
            TimeSource.system(),
            new ServerSecurity(BearerToken.of(TOKEN), null, null));
    servers.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    servers.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void extensionBatchesCountInvocationsColdStartsErrorsAndEnvironments() throws Exception {
    Instant t = Instant.now().minusSeconds(30);
    // environment 1: on-demand init, a cold invocation, a warm one, a timeout
    String env1 =
        array(
            initStart(t, "on-demand"),
            report(t.plusMillis(900), "a1", 120.5, 310.2, "success"),
            report(t.plusMillis(2000), "a2", 15, -1, "success"),
            event(t.plusMillis(2100), "platform.runtimeDone", "{\"requestId\":\"a3\"}"),
            report(t.plusMillis(5000), "a3", 3000, -1, "timeout"));
    // environment 2: provisioned concurrency, warmed up before its first request
    String env2 =
        array(
            initStart(t, "provisioned-concurrency"),
            report(t.plusMillis(3000), "b1", 40, -1, "success"),
            report(t.plusMillis(4000), "b2", 41, -1, "error"));
    // environment 3: a later on-demand cold start, its initStart in an earlier batch
    String env3a = array(initStart(t.plusMillis(6000), "on-demand"));
    String env3b = array(report(t.plusMillis(7000), "c1", 22, 250, "success"));

    JsonNode r = telemetry("env-1", env1, 200);
    assertEquals(3, r.get("reports").asLong());
    assertEquals(3, r.get("accepted").asLong());
    assertEquals(1, r.get("ignored").asLong()); // platform.runtimeDone; initStart is read
    telemetry("env-2", env2, 200);
    telemetry("env-3", env3a, 200);
    telemetry("env-3", env3b, 200);

    FunctionWindows w = data.store().get(new FunctionKey("eu-west-1/checkout"));
    assertNotNull(w, "key <region>/<function>, as the aws-lambda adapter maps it back");
    assertEquals(6, w.invocationsTotal());
    assertEquals(2, w.coldStartsTotal()); // a1 and c1; b1 was provisioned, not cold
    assertEquals(2, w.errorsTotal()); // the timeout and the error
    assertEquals(3, w.liveInstances(System.currentTimeMillis() * 1_000_000L));
    // the sketches rotate at data-time window boundaries: the two may straddle one
    var inits = w.initDurationSketch();
    assertEquals(
        2,
        (long)
            (inits.current().getCount()
                + (inits.previous() == null ? 0 : inits.previous().getCount())));
    assertEquals(
        "eu-west-1",
        data.store().labels(new FunctionKey("eu-west-1/checkout")).get("cloud.region"));
  }

  @Test
  void extensionBatchNeedsTheTokenAndTheFunctionHeaders() throws Exception {
    String body = array(report(Instant.now(), "x", 1, -1, "success"));
    HttpResponse<String> noToken =
        CLIENT.send(
            HttpRequest.newBuilder(uri("/v1/lambda/telemetry"))
                .header("Content-Type", "application/json")
                .header("X-Prescale-Lambda-Function", "checkout")
                .header("X-Prescale-Lambda-Region", "eu-west-1")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(401, noToken.statusCode());
    HttpResponse<String> noFunction =
        CLIENT.send(
            HttpRequest.newBuilder(uri("/v1/lambda/telemetry"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TOKEN)
                .header("X-Prescale-Lambda-Region", "eu-west-1")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(400, noFunction.statusCode());
    assertTrue(noFunction.body().contains("function name = '(missing)'"), noFunction.body());
    JsonNode notArray = telemetry("env-9", "{\"records\":[]}", 400);
    assertEquals(
        "body is not a JSON array of Telemetry API events (got object)",
        notArray.get("message").asText());
  }

  @Test
  void firehoseDeliveryOfCloudWatchLogs() throws Exception {
    long now = System.currentTimeMillis() - 20_000;
    String streamA = "2026/12/06/[$LATEST]aaaaaaaaaaaaaaaaaaaaaaaaaaaaaaaa";
    String streamB = "2026/12/06/[$LATEST]bbbbbbbbbbbbbbbbbbbbbbbbbbbbbbbb";
    String a =
        logs(
            "/aws/lambda/images",
            streamA,
            now,
            "INIT_START Runtime Version: python:3.12.v16\tRuntime Version ARN: arn:aws:lambda:"
                + "eu-west-1::runtime:abc",
            "START RequestId: i1 Version: $LATEST",
            "END RequestId: i1",
            "REPORT RequestId: i1\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128"
                + " MB\tMax Memory Used: 70 MB\tInit Duration: 150.00 ms\t",
            "REPORT RequestId: i2\tDuration: 8.00 ms\tBilled Duration: 8 ms\tMemory Size: 128 MB"
                + "\tMax Memory Used: 71 MB\t",
            "REPORT RequestId: i3\tDuration: 900.00 ms\tBilled Duration: 900 ms\tMemory Size: 128"
                + " MB\tMax Memory Used: 71 MB\tStatus: error\tError Type: Runtime.ExitError");
    String b =
        logs(
            "/aws/lambda/images",
            streamB,
            now + 5,
            "{\"time\":\""
                + Instant.ofEpochMilli(now + 5)
                + "\",\"type\":\"platform.report\",\"record\":{\"requestId\":\"i4\","
                + "\"metrics\":{\"durationMs\":30.1,\"billedDurationMs\":31,\"memorySizeMB\":128,"
                + "\"maxMemoryUsedMB\":60,\"initDurationMs\":200.5},\"status\":\"success\"}}",
            "REPORT RequestId: i5\tDuration: banana ms");
    String control =
        "{\"messageType\":\"CONTROL_MESSAGE\",\"owner\":\"CloudwatchLogs\",\"logGroup\":\"\","
            + "\"logStream\":\"\",\"subscriptionFilters\":[],\"logEvents\":[{\"id\":\"\","
            + "\"timestamp\":"
            + now
            + ",\"message\":\"CWL CONTROL MESSAGE: Checking health of destination Firehose.\"}]}";
    String body = firehose(base64(gzip(a)), base64(gzip(b)), base64(gzip(control)), "%%%");
    HttpResponse<String> resp = firehosePost(TOKEN, body, false);
    assertEquals(200, resp.statusCode(), resp.body());
    JsonNode answer = JSON.readTree(resp.body());
    assertEquals("ed4acda5-034f-9f42-bba1-f29aea6d7d8f", answer.get("requestId").asText());
    assertTrue(answer.get("timestamp").isIntegralNumber());
    assertNull(answer.get("errorMessage"));
    assertEquals("application/json", resp.headers().firstValue("Content-Type").orElse(""));

    FunctionWindows w = data.store().get(new FunctionKey("eu-west-1/images"));
    assertNotNull(w);
    assertEquals(4, w.invocationsTotal());
    assertEquals(2, w.coldStartsTotal());
    assertEquals(1, w.errorsTotal());
    assertEquals(2, w.liveInstances(System.currentTimeMillis() * 1_000_000L));
    String metrics = scrape();
    assertTrue(
        metrics.contains(
            "prescale_lambda_records_total{outcome=\"malformed\",source=\"firehose\"} 2.0"),
        metrics);
    assertTrue(
        metrics.contains(
            "prescale_lambda_records_total{outcome=\"control_message\",source=\"firehose\"} 1.0"));

    // the same delivery compressed as a whole (Content-Encoding: gzip) is read the same way
    HttpResponse<String> zipped = firehosePost(TOKEN, body, true);
    assertEquals(200, zipped.statusCode(), zipped.body());
    assertEquals(8, w.invocationsTotal());
  }

  @Test
  void firehoseWrongKeyIs401InFirehoseFormat() throws Exception {
    HttpResponse<String> resp = firehosePost("not-the-token", firehose(), false);
    assertEquals(401, resp.statusCode());
    JsonNode answer = JSON.readTree(resp.body());
    assertEquals("ed4acda5-034f-9f42-bba1-f29aea6d7d8f", answer.get("requestId").asText());
    assertTrue(answer.get("timestamp").isIntegralNumber());
    assertEquals(
        "X-Amz-Firehose-Access-Key does not match the ingest token (--ingest-token-file)",
        answer.get("errorMessage").asText());
    assertTrue(
        scrape()
            .contains(
                "prescale_otlp_refused_requests_total{reason=\"unauthorized\",transport=\"firehose\"}"));
  }

  @Test
  void firehoseGzipBombsAre413() throws Exception {
    String zeros = new String(new byte[8 << 20], StandardCharsets.US_ASCII);
    // a record that inflates past max-body-size (1 MiB here)
    HttpResponse<String> record = firehosePost(TOKEN, firehose(base64(gzip(zeros))), false);
    assertEquals(413, record.statusCode(), record.body());
    assertEquals(
        "record 0 inflates past the remaining max-body-size budget of 1048576 bytes",
        JSON.readTree(record.body()).get("errorMessage").asText());
    // a whole body that inflates past it
    HttpResponse<String> body =
        CLIENT.send(
            firehoseRequest(TOKEN)
                .header("Content-Encoding", "gzip")
                .POST(HttpRequest.BodyPublishers.ofByteArray(gzip(zeros)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(413, body.statusCode(), body.body());
    assertEquals(
        "decompressed body is larger than max-body-size = 1048576 bytes",
        JSON.readTree(body.body()).get("errorMessage").asText());
  }

  @Test
  void firehoseWithoutItsSourceArnIs400() throws Exception {
    HttpResponse<String> resp =
        CLIENT.send(
            HttpRequest.newBuilder(uri("/v1/lambda/firehose"))
                .header("Content-Type", "application/json")
                .header("X-Amz-Firehose-Access-Key", TOKEN)
                .header("X-Amz-Firehose-Request-Id", "req-1")
                .POST(HttpRequest.BodyPublishers.ofString(firehose()))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(400, resp.statusCode());
    JsonNode answer = JSON.readTree(resp.body());
    assertEquals("req-1", answer.get("requestId").asText());
    assertTrue(
        answer.get("errorMessage").asText().startsWith("X-Amz-Firehose-Source-Arn = '(missing)'"));
  }

  // --- requests as the extension and Firehose send them

  private static JsonNode telemetry(String instance, String body, int status) throws Exception {
    HttpResponse<String> resp =
        CLIENT.send(
            HttpRequest.newBuilder(uri("/v1/lambda/telemetry"))
                .header("Content-Type", "application/json")
                .header("Authorization", "Bearer " + TOKEN)
                .header("X-Prescale-Lambda-Function", "checkout")
                .header("X-Prescale-Lambda-Region", "eu-west-1")
                .header("X-Prescale-Lambda-Version", "12")
                .header("X-Prescale-Lambda-Instance", instance)
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(status, resp.statusCode(), resp.body());
    return JSON.readTree(resp.body());
  }

  private static HttpRequest.Builder firehoseRequest(String key) {
    return HttpRequest.newBuilder(uri("/v1/lambda/firehose"))
        .header("Content-Type", "application/json")
        .header("X-Amz-Firehose-Protocol-Version", "1.0")
        .header("X-Amz-Firehose-Request-Id", "ed4acda5-034f-9f42-bba1-f29aea6d7d8f")
        .header("X-Amz-Firehose-Source-Arn", SOURCE_ARN)
        .header("X-Amz-Firehose-Access-Key", key);
  }

  private static HttpResponse<String> firehosePost(String key, String body, boolean gzip)
      throws Exception {
    HttpRequest.Builder b = firehoseRequest(key);
    if (gzip) {
      b.header("Content-Encoding", "gzip").POST(HttpRequest.BodyPublishers.ofByteArray(gzip(body)));
    } else {
      b.POST(HttpRequest.BodyPublishers.ofString(body));
    }
    return CLIENT.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  private static URI uri(String path) {
    return URI.create("http://127.0.0.1:" + servers.httpPort() + path);
  }

  private static String scrape() throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  // --- payloads in the documented shapes

  static String array(String... events) {
    return "[" + String.join(",", events) + "]";
  }

  static String event(Instant time, String type, String record) {
    return "{\"time\":\"" + time + "\",\"type\":\"" + type + "\",\"record\":" + record + "}";
  }

  static String initStart(Instant time, String type) {
    return event(
        time, "platform.initStart", "{\"initializationType\":\"" + type + "\",\"phase\":\"init\"}");
  }

  static String report(Instant time, String id, double ms, double initMs, String status) {
    return event(
        time,
        "platform.report",
        "{\"requestId\":\""
            + id
            + "\",\"metrics\":{\"durationMs\":"
            + ms
            + ",\"billedDurationMs\":"
            + (long) Math.ceil(ms)
            + ",\"memorySizeMB\":256,\"maxMemoryUsedMB\":90"
            + (initMs >= 0 ? ",\"initDurationMs\":" + initMs : "")
            + "},\"status\":\""
            + status
            + "\"}");
  }

  static String logs(String group, String stream, long firstMillis, String... messages) {
    ObjectNode o = JSON.createObjectNode();
    o.put("messageType", "DATA_MESSAGE");
    o.put("owner", "123456789012");
    o.put("logGroup", group);
    o.put("logStream", stream);
    o.putArray("subscriptionFilters").add("prescale");
    ArrayNode events = o.putArray("logEvents");
    for (int i = 0; i < messages.length; i++) {
      events
          .addObject()
          .put("id", "3719" + i)
          .put("timestamp", firstMillis + i)
          .put("message", messages[i]);
    }
    return o.toString();
  }

  static String firehose(String... base64Data) {
    ObjectNode o = JSON.createObjectNode();
    o.put("requestId", "ed4acda5-034f-9f42-bba1-f29aea6d7d8f");
    o.put("timestamp", System.currentTimeMillis());
    ArrayNode records = o.putArray("records");
    for (String d : base64Data) {
      records.addObject().put("data", d);
    }
    return o.toString();
  }

  static String base64(byte[] b) {
    return Base64.getEncoder().encodeToString(b);
  }

  static byte[] gzip(String s) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(s.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }
}
