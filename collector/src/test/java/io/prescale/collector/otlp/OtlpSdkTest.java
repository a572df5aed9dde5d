package io.prescale.collector.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.trace.v1.Status;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Set;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** The real OpenTelemetry Java SDK exporters against the running servers. */
class OtlpSdkTest {
  private static OtlpTestServer server;

  @BeforeAll
  static void start() throws Exception {
    server = new OtlpTestServer();
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  @Test
  void httpProtobufSpansArriveExactly() {
    sendAndCheck(
        "http-plain",
        OtlpHttpSpanExporter.builder().setEndpoint(server.httpBase() + "/v1/traces").build());
  }

  @Test
  void httpProtobufGzipSpansArriveExactly() {
    sendAndCheck(
        "http-gzip",
        OtlpHttpSpanExporter.builder()
            .setEndpoint(server.httpBase() + "/v1/traces")
            .setCompression("gzip")
            .build());
  }

  @Test
  void grpcSpansArriveExactly() {
    sendAndCheck("grpc", OtlpGrpcSpanExporter.builder().setEndpoint(server.grpcEndpoint()).build());
  }

  @Test
  void grpcGzipSpansArriveExactly() {
    sendAndCheck(
        "grpc-gzip",
        OtlpGrpcSpanExporter.builder()
            .setEndpoint(server.grpcEndpoint())
            .setCompression("gzip")
            .build());
  }

  @Test
  void httpMetricsArriveExactly() {
    OtlpHttpMetricExporter exporter =
        OtlpHttpMetricExporter.builder().setEndpoint(server.httpBase() + "/v1/metrics").build();
    PeriodicMetricReader reader =
        PeriodicMetricReader.builder(exporter).setInterval(Duration.ofHours(1)).build();
    SdkMeterProvider provider =
        SdkMeterProvider.builder()
            .setResource(
                Resource.create(Attributes.of(AttributeKey.stringKey("faas.name"), "metrics-fn")))
            .registerMetricReader(reader)
            .build();
    var counter = provider.get("test").counterBuilder("faas.invocations").build();
    counter.add(3, Attributes.of(AttributeKey.stringKey("faas.trigger"), "http"));
    counter.add(4, Attributes.of(AttributeKey.stringKey("faas.trigger"), "pubsub"));
    CompletableResultCode flushed = provider.forceFlush().join(10, TimeUnit.SECONDS);
    assertTrue(flushed.isSuccess(), "metric export failed");

    List<Metric> got = new ArrayList<>();
    for (Metric m : server.sink.metrics()) {
      if (m.getName().equals("faas.invocations")) {
        got.add(m);
      }
    }
    assertEquals(1, got.size(), "one faas.invocations metric in one export");
    Metric m = got.get(0);
    assertEquals(2, m.getSum().getDataPointsCount());
    long total = m.getSum().getDataPointsList().stream().mapToLong(p -> p.getAsInt()).sum();
    assertEquals(7, total);
    provider.shutdown().join(10, TimeUnit.SECONDS);
  }

  private static void sendAndCheck(String tag, SpanExporter exporter) {
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(
                Resource.create(Attributes.of(AttributeKey.stringKey("faas.name"), "fn-" + tag)))
            .addSpanProcessor(
                // batches of 10: three export requests (SimpleSpanProcessor would send 25 at once,
                // more than the SDK's OkHttp executor takes)
                BatchSpanProcessor.builder(exporter)
                    .setMaxExportBatchSize(10)
                    .setScheduleDelay(Duration.ofHours(1))
                    .build())
            .build();
    Tracer tracer = provider.get("test");
    Set<String> sentIds = new HashSet<>();
    for (int i = 0; i < 25; i++) {
      Span span =
          tracer
              .spanBuilder("invoke-" + tag)
              .setSpanKind(i % 5 == 0 ? SpanKind.INTERNAL : SpanKind.SERVER)
              .setAttribute("faas.trigger", "http")
              .setAttribute("faas.coldstart", i == 0)
              .setAttribute("seq", i)
              .startSpan();
      if (i == 3) {
        span.setStatus(StatusCode.ERROR);
      }
      sentIds.add(span.getSpanContext().getSpanId());
      span.end();
    }
    CompletableResultCode flushed = provider.forceFlush().join(10, TimeUnit.SECONDS);
    assertTrue(flushed.isSuccess(), tag + ": export failed");
    provider.shutdown().join(10, TimeUnit.SECONDS);

    Set<String> gotIds = new HashSet<>();
    Set<Long> seqs = new HashSet<>();
    int errors = 0;
    for (io.opentelemetry.proto.trace.v1.Span s : server.sink.spans()) {
      if (!s.getName().equals("invoke-" + tag)) {
        continue;
      }
      gotIds.add(hex(s.getSpanId().toByteArray()));
      for (KeyValue kv : s.getAttributesList()) {
        if (kv.getKey().equals("seq")) {
          seqs.add(kv.getValue().getIntValue());
        }
      }
      if (s.getStatus().getCode() == Status.StatusCode.STATUS_CODE_ERROR) {
        errors++;
      }
    }
    assertEquals(sentIds, gotIds, tag + ": exactly the spans sent arrive, once each");
    assertEquals(25, seqs.size());
    assertEquals(1, errors);
  }

  static String hex(byte[] b) {
    StringBuilder sb = new StringBuilder();
    for (byte x : b) {
      sb.append(String.format("%02x", x));
    }
    return sb.toString();
  }
}
