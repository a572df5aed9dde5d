package io.prescale.collector.lambda;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.util.Base64;
import java.util.List;
import java.util.Map;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;

/**
 * Telemetry API events and CloudWatch Logs REPORT lines, in the shapes AWS documents (the Lambda
 * Telemetry API event schema reference; the Firehose HTTP endpoint request format; the CloudWatch
 * Logs subscription payload), into spans and init durations.
 */
class LambdaDecoderTest {
  static final String ARN = "arn:aws:firehose:eu-west-1:123456789012:deliverystream/prescale";
  static final ObjectMapper JSON = new ObjectMapper();
  static final String CONTROL =
      "{\"messageType\":\"CONTROL_MESSAGE\",\"owner\":\"CloudwatchLogs\",\"logGroup\":\"\","
          + "\"logStream\":\"\",\"subscriptionFilters\":[],\"logEvents\":[{\"id\":\"\","
          + "\"timestamp\":1,\"message\":\"CWL CONTROL MESSAGE: Checking health of destination"
          + " Firehose.\"}]}";
  private static final LambdaFunction ORDERS =
      new LambdaFunction("orders", "eu-west-1", null, "7", "env-1");

  @Test
  void reportLineWithEveryField() {
    LambdaReport r =
        ReportLine.parse(
            "REPORT RequestId: 8f507cfc-xmpl-4697-b07a-ac58fc914c95\tDuration: 12.34 ms\t"
                + "Billed Duration: 13 ms\tMemory Size: 128 MB\tMax Memory Used: 70 MB\t"
                + "Init Duration: 150.00 ms\t\nXRAY TraceId: 1-5e34a614-10bdxmplf1fb44f07bc535a1\t"
                + "SegmentId: 07f5xmpl2d1f6f85\tSampled: true",
            5_000_000_000L);
    assertEquals("8f507cfc-xmpl-4697-b07a-ac58fc914c95", r.requestId());
    assertEquals(12.34, r.durationMs());
    assertEquals(13, r.billedDurationMs());
    assertEquals(128, r.memorySizeMb());
    assertEquals(70, r.maxMemoryUsedMb());
    assertEquals(150.0, r.initDurationMs());
    assertTrue(Double.isNaN(r.restoreDurationMs()));
    assertTrue(r.coldStart());
    assertFalse(r.error());
  }

  @Test
  void reportLineWithSpacesWarmSnapStartAndTimeout() {
    LambdaReport warm =
        ReportLine.parse(
            "REPORT RequestId: a Duration: 2.00 ms Billed Duration: 3 ms Memory Size: 256 MB"
                + " Max Memory Used: 60 MB",
            1);
    assertFalse(warm.coldStart());
    assertEquals(2.0, warm.durationMs());
    assertEquals(3, warm.billedDurationMs());
    LambdaReport restored =
        ReportLine.parse(
            "REPORT RequestId: b\tDuration: 20.00 ms\tBilled Duration: 250 ms\tMemory Size: 512"
                + " MB\tMax Memory Used: 90 MB\tRestore Duration: 230.50 ms\tBilled Restore"
                + " Duration: 229 ms",
            1);
    assertTrue(restored.coldStart());
    assertEquals(230.5, restored.startupMs());
    LambdaReport timeout =
        ReportLine.parse(
            "REPORT RequestId: c\tDuration: 3000.00 ms\tBilled Duration: 3000 ms\tMemory Size:"
                + " 128 MB\tMax Memory Used: 40 MB\tStatus: timeout",
            1);
    assertTrue(timeout.error());
  }

  @Test
  void reportLineErrorsNameTheField() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ReportLine.parse("REPORT RequestId: a\tDuration: -1.0 ms", 1));
    assertEquals("Duration = '-1.0 ms', must be a number of ms in [0; 86400000]", e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> ReportLine.parse("REPORT RequestId: a\tBilled Duration: 1 ms", 1));
    assertEquals("REPORT line without Duration", e.getMessage());
  }

  @Test
  void telemetryBatchIntoSpansAndInitDurations() {
    String body =
        "["
            + initStart("2026-12-06T10:00:00.000Z", "on-demand")
            + ","
            + "{\"time\":\"2026-12-06T10:00:00.400Z\",\"type\":\"platform.start\","
            + "\"record\":{\"requestId\":\"r1\",\"version\":\"7\"}},"
            + report("2026-12-06T10:00:01.000Z", "r1", 100.5, 397.68, "success")
            + ","
            + report("2026-12-06T10:00:02.000Z", "r2", 20, -1, "error")
            + ",{\"time\":\"2026-12-06T10:00:03.000Z\",\"type\":\"function\",\"record\":\"hello\"}"
            + ",{\"time\":\"2026-12-06T10:00:03.000Z\",\"type\":\"platform.report\","
            + "\"record\":{\"requestId\":\"r3\",\"metrics\":{}}}"
            + "]";
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    LambdaBatch batch = LambdaDecoder.telemetry(b, b.length, ORDERS);
    assertEquals(2, batch.reports());
    assertEquals(1, batch.coldStarts());
    assertEquals(2, batch.ignored());
    assertEquals(1, batch.malformed());
    assertEquals("event 5: record.metrics.durationMs is missing", batch.firstMalformed());
    assertEquals(1L, batch.initStarts().get("on-demand"));
    List<Span> spans = batch.traces().getResourceSpans(0).getScopeSpans(0).getSpansList();
    Map<String, String> resource =
        attrs(batch.traces().getResourceSpans(0).getResource().getAttributesList());
    assertEquals("orders", resource.get("faas.name"));
    assertEquals("eu-west-1", resource.get("cloud.region"));
    assertEquals("7", resource.get("faas.version"));
    assertEquals("env-1", resource.get("faas.instance"));
    Span first = spans.get(0);
    assertEquals(Span.SpanKind.SPAN_KIND_SERVER, first.getKind());
    assertEquals(100_500_000L, first.getEndTimeUnixNano() - first.getStartTimeUnixNano());
    assertEquals("true", attrs(first.getAttributesList()).get("faas.coldstart"));
    assertEquals(
        String.valueOf(128L * 1_048_576), attrs(first.getAttributesList()).get("faas.max_memory"));
    assertEquals(Status.StatusCode.STATUS_CODE_ERROR, spans.get(1).getStatus().getCode());
    var init = batch.initDurations().getResourceMetrics(0).getScopeMetrics(0).getMetrics(0);
    assertEquals("faas.init_duration", init.getName());
    assertEquals(0.39768, init.getHistogram().getDataPoints(0).getSum(), 1e-12);
  }

  @Test
  void provisionedConcurrencyInitIsNoColdStart() {
    String body =
        "["
            + initStart("2026-12-06T10:00:00.000Z", "provisioned-concurrency")
            + ","
            + report("2026-12-06T10:05:00.000Z", "r1", 10, 300, "success")
            + "]";
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    LambdaBatch batch = LambdaDecoder.telemetry(b, b.length, ORDERS);
    assertEquals(1, batch.reports());
    assertEquals(0, batch.coldStarts());
    assertNull(batch.initDurations());
    assertEquals(1L, batch.initStarts().get("provisioned-concurrency"));
  }

  @Test
  void telemetryBodyMustBeAnArray() {
    byte[] b = "{\"type\":\"platform.report\"}".getBytes(StandardCharsets.UTF_8);
    LambdaDecodeException e =
        assertThrows(
            LambdaDecodeException.class, () -> LambdaDecoder.telemetry(b, b.length, ORDERS));
    assertFalse(e.tooLarge());
    assertEquals("body is not a JSON array of Telemetry API events (got object)", e.getMessage());
  }

  @Test
  void firehoseRecordsOfCloudWatchLogs() throws IOException {
    String logs =
        cloudWatch(
            "/aws/lambda/orders",
            "2026/12/06/[$LATEST]0123456789abcdef",
            "START RequestId: r1 Version: $LATEST",
            "REPORT RequestId: r1\tDuration: 12.34 ms\tBilled Duration: 13 ms\tMemory Size: 128"
                + " MB\tMax Memory Used: 70 MB\tInit Duration: 150.00 ms\t",
            "{\"time\":\"2026-12-06T10:00:03.000Z\",\"type\":\"platform.report\",\"record\":"
                + "{\"requestId\":\"r2\",\"metrics\":{\"durationMs\":5.0,\"billedDurationMs\":5,"
                + "\"memorySizeMB\":128,\"maxMemoryUsedMB\":70},\"status\":\"success\"}}");
    String body =
        firehoseBase64(
            Base64.getEncoder().encodeToString(gzip(logs)),
            Base64.getEncoder().encodeToString(gzip(CONTROL)),
            "not base64!");
    byte[] b = body.getBytes(StandardCharsets.UTF_8);
    FirehoseBatch f = LambdaDecoder.firehose(b, b.length, ARN, 1 << 20);
    assertEquals("ed4acda5-034f-9f42-bba1-f29aea6d7d8f", f.requestId());
    assertEquals(1, f.controlMessages());
    assertEquals(2, f.batch().reports());
    assertEquals(1, f.batch().coldStarts());
    assertEquals(1, f.batch().ignored());
    assertEquals(1, f.batch().malformed());
    Map<String, String> resource =
        attrs(f.batch().traces().getResourceSpans(0).getResource().getAttributesList());
    assertEquals("orders", resource.get("faas.name"));
    assertEquals("eu-west-1", resource.get("cloud.region"));
    assertEquals("123456789012", resource.get("cloud.account.id"));
    assertEquals(
        "arn:aws:lambda:eu-west-1:123456789012:function:orders", resource.get("cloud.resource_id"));
    assertEquals("$LATEST", resource.get("faas.version"));
    assertEquals("2026/12/06/[$LATEST]0123456789abcdef", resource.get("faas.instance"));
  }

  @Test
  void firehoseGzipBombIsTooLarge() throws IOException {
    byte[] bomb = gzip(new String(new byte[4 << 20], StandardCharsets.US_ASCII));
    byte[] b = firehose(bomb).getBytes(StandardCharsets.UTF_8);
    LambdaDecodeException e =
        assertThrows(
            LambdaDecodeException.class, () -> LambdaDecoder.firehose(b, b.length, ARN, 1 << 20));
    assertTrue(e.tooLarge());
    assertEquals(
        "record 0 inflates past the remaining max-body-size budget of 1048576 bytes",
        e.getMessage());
  }

  @Test
  void firehoseNeedsItsSourceArnAndShape() {
    byte[] b = "{\"records\":[]}".getBytes(StandardCharsets.UTF_8);
    assertThrows(LambdaDecodeException.class, () -> LambdaDecoder.firehose(b, b.length, ARN, 100));
    LambdaDecodeException e =
        assertThrows(
            LambdaDecodeException.class, () -> LambdaDecoder.firehose(b, b.length, null, 100));
    assertTrue(e.getMessage().startsWith("X-Amz-Firehose-Source-Arn = '(missing)'"));
  }

  @Test
  void functionFieldsAreChecked() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new LambdaFunction("orders/x", "eu-west-1", null, null, null));
    assertEquals(
        "function name = 'orders/x', must be 1 to 64 letters, digits, '-' or '_'", e.getMessage());
    assertEquals("eu-west-1/orders", ORDERS.key());
  }

  static String initStart(String time, String type) {
    return "{\"time\":\""
        + time
        + "\",\"type\":\"platform.initStart\",\"record\":{\"initializationType\":\""
        + type
        + "\",\"phase\":\"init\",\"runtimeVersion\":\"python:3.12.v16\"}}";
  }

  static String report(String time, String id, double ms, double initMs, String status) {
    return "{\"time\":\""
        + time
        + "\",\"type\":\"platform.report\",\"record\":{\"requestId\":\""
        + id
        + "\",\"metrics\":{\"durationMs\":"
        + ms
        + ",\"billedDurationMs\":"
        + (long) Math.ceil(ms)
        + ",\"memorySizeMB\":128,\"maxMemoryUsedMB\":84"
        + (initMs >= 0 ? ",\"initDurationMs\":" + initMs : "")
        + "},\"status\":\""
        + status
        + "\"}}";
  }

  static String cloudWatch(String group, String stream, String... messages) {
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
          .put("id", Integer.toString(i))
          .put("timestamp", System.currentTimeMillis() + i)
          .put("message", messages[i]);
    }
    return o.toString();
  }

  /** A Firehose request whose records hold these bytes. */
  static String firehose(byte[]... records) {
    String[] data = new String[records.length];
    for (int i = 0; i < records.length; i++) {
      data[i] = Base64.getEncoder().encodeToString(records[i]);
    }
    return firehoseBase64(data);
  }

  /** A Firehose request whose records' data fields are these strings. */
  static String firehoseBase64(String... data) {
    ObjectNode o = JSON.createObjectNode();
    o.put("requestId", "ed4acda5-034f-9f42-bba1-f29aea6d7d8f");
    o.put("timestamp", 1578090901599L);
    ArrayNode records = o.putArray("records");
    for (String d : data) {
      records.addObject().put("data", d);
    }
    return o.toString();
  }

  static byte[] gzip(String s) throws IOException {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    try (GZIPOutputStream z = new GZIPOutputStream(out)) {
      z.write(s.getBytes(StandardCharsets.UTF_8));
    }
    return out.toByteArray();
  }

  private static Map<String, String> attrs(List<KeyValue> kvs) {
    Map<String, String> m = new java.util.HashMap<>();
    for (KeyValue kv : kvs) {
      var v = kv.getValue();
      m.put(
          kv.getKey(),
          switch (v.getValueCase()) {
            case BOOL_VALUE -> Boolean.toString(v.getBoolValue());
            case INT_VALUE -> Long.toString(v.getIntValue());
            default -> v.getStringValue();
          });
    }
    return m;
  }
}
