package io.prescale.collector.otlp;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.HexFormat;
import org.junit.jupiter.api.Test;

/** OTLP/JSON: hex ids, integer enums, unknown fields, 64-bit integers as strings or numbers. */
class OtlpJsonTest {
  static final String TRACE_ID = "5b8efff798038103d269b633813fc60c";
  static final String SPAN_ID = "eee19b7ec3c1b174";
  static final String PARENT_ID = "eee19b7ec3c1b173";

  static final String TRACE_JSON =
      "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"faas.name\",\"value\":{\"stringValue\":\"checkout\"}}]},"
          + "\"futureField\":{\"x\":[1,2]},"
          + "\"scopeSpans\":[{\"scope\":{\"name\":\"lib\"},\"spans\":["
          + "{\"traceId\":\""
          + TRACE_ID
          + "\",\"spanId\":\""
          + SPAN_ID
          + "\",\"parentSpanId\":\""
          + PARENT_ID
          + "\","
          + "\"name\":\"GET /cart\",\"kind\":2,\"startTimeUnixNano\":\"1700000000000000000\","
          + "\"endTimeUnixNano\":1700000000250000000,\"unknownSpanField\":true,"
          + "\"status\":{\"code\":2},"
          + "\"links\":[{\"traceId\":\""
          + TRACE_ID
          + "\",\"spanId\":\""
          + PARENT_ID
          + "\"}],"
          + "\"attributes\":[{\"key\":\"http.response.status_code\",\"value\":{\"intValue\":\"503\"}}]}"
          + "]}]}]}";

  @Test
  void decodesHexIdsIntegerEnumsAndIgnoresUnknownFields() {
    byte[] body = TRACE_JSON.getBytes(StandardCharsets.UTF_8);
    ExportTraceServiceRequest req =
        (ExportTraceServiceRequest) OtlpJson.parse(Signal.TRACES, body, body.length);
    Span span = req.getResourceSpans(0).getScopeSpans(0).getSpans(0);
    assertArrayEquals(HexFormat.of().parseHex(TRACE_ID), span.getTraceId().toByteArray());
    assertEquals(16, span.getTraceId().size());
    assertArrayEquals(HexFormat.of().parseHex(SPAN_ID), span.getSpanId().toByteArray());
    assertArrayEquals(HexFormat.of().parseHex(PARENT_ID), span.getParentSpanId().toByteArray());
    assertArrayEquals(
        HexFormat.of().parseHex(PARENT_ID), span.getLinks(0).getSpanId().toByteArray());
    assertEquals(Span.SpanKind.SPAN_KIND_SERVER, span.getKind());
    assertEquals(1700000000000000000L, span.getStartTimeUnixNano());
    assertEquals(1700000000250000000L, span.getEndTimeUnixNano());
    assertEquals(Status.StatusCode.STATUS_CODE_ERROR, span.getStatus().getCode());
    assertEquals(503, span.getAttributes(0).getValue().getIntValue());
  }

  @Test
  void decodesMetricsWithNumbersAndStrings() {
    String json =
        "{\"resourceMetrics\":[{\"scopeMetrics\":[{\"metrics\":[{\"name\":\"faas.invocations\",\"sum\":{"
            + "\"aggregationTemporality\":1,\"isMonotonic\":true,\"dataPoints\":["
            + "{\"asInt\":\"12\",\"timeUnixNano\":\"1700000000000000000\"},"
            + "{\"asInt\":7,\"timeUnixNano\":1700000001000000000,"
            + "\"exemplars\":[{\"traceId\":\""
            + TRACE_ID
            + "\",\"spanId\":\""
            + SPAN_ID
            + "\",\"asDouble\":1.5}]}]}}]}]}]}";
    byte[] body = json.getBytes(StandardCharsets.UTF_8);
    ExportMetricsServiceRequest req =
        (ExportMetricsServiceRequest) OtlpJson.parse(Signal.METRICS, body, body.length);
    var sum = req.getResourceMetrics(0).getScopeMetrics(0).getMetrics(0).getSum();
    NumberDataPoint p0 = sum.getDataPoints(0);
    NumberDataPoint p1 = sum.getDataPoints(1);
    assertEquals(12, p0.getAsInt());
    assertEquals(7, p1.getAsInt());
    assertEquals(1700000001000000000L, p1.getTimeUnixNano());
    assertArrayEquals(
        HexFormat.of().parseHex(TRACE_ID), p1.getExemplars(0).getTraceId().toByteArray());
    assertEquals(2, Signal.METRICS.countItems(req));
  }

  @Test
  void rejectsBadInput() {
    for (String bad :
        new String[] {
          "",
          "{",
          "[1,2]",
          "{}{}",
          "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"spanId\":\"abc\"}]}]}]}"
        }) {
      byte[] b = bad.getBytes(StandardCharsets.UTF_8);
      assertThrows(
          MalformedRequestException.class, () -> OtlpJson.parse(Signal.TRACES, b, b.length), bad);
    }
  }

  @Test
  void serverAnswersJsonInJson() throws Exception {
    try (OtlpTestServer server = new OtlpTestServer()) {
      HttpResponse<byte[]> r =
          Requests.post(
              server.httpBase() + "/v1/traces",
              "application/json; charset=utf-8",
              null,
              TRACE_JSON.getBytes(StandardCharsets.UTF_8));
      assertEquals(200, r.statusCode());
      assertEquals("application/json", r.headers().firstValue("content-type").orElse(""));
      assertEquals("{}", new String(r.body(), StandardCharsets.UTF_8));
      Span got = server.sink.spans().get(0);
      assertArrayEquals(HexFormat.of().parseHex(TRACE_ID), got.getTraceId().toByteArray());

      HttpResponse<byte[]> gz =
          Requests.post(
              server.httpBase() + "/v1/traces",
              "application/json",
              "gzip",
              Requests.gzip(TRACE_JSON.getBytes(StandardCharsets.UTF_8)));
      assertEquals(200, gz.statusCode());
      assertEquals(2, server.sink.spans().size());

      String logs =
          "{\"resourceLogs\":[{\"scopeLogs\":[{\"logRecords\":[{\"body\":{\"stringValue\":\"hi\"},"
              + "\"traceId\":\""
              + TRACE_ID
              + "\",\"severityNumber\":9}]}]}]}";
      HttpResponse<byte[]> lr =
          Requests.post(
              server.httpBase() + "/v1/logs",
              "application/json",
              null,
              logs.getBytes(StandardCharsets.UTF_8));
      assertEquals(200, lr.statusCode());
      String metrics = Requests.get(server.apiBase() + "/metrics").body();
      assertEquals(
          true,
          metrics.contains(
              "prescale_otlp_received_items_total{encoding=\"json\",outcome=\"accepted\",signal=\"logs\",transport=\"http\"} 1.0"),
          metrics);
    }
  }
}
