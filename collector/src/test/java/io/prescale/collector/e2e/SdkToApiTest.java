package io.prescale.collector.e2e;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.LongCounter;
import io.opentelemetry.api.metrics.LongUpDownCounter;
import io.opentelemetry.api.trace.Span;
import io.opentelemetry.api.trace.SpanKind;
import io.opentelemetry.api.trace.StatusCode;
import io.opentelemetry.api.trace.Tracer;
import io.opentelemetry.context.Context;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.exporter.otlp.metrics.OtlpGrpcMetricExporter;
import io.opentelemetry.exporter.otlp.trace.OtlpGrpcSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.AggregationTemporalitySelector;
import io.opentelemetry.sdk.metrics.export.MetricExporter;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import io.opentelemetry.sdk.trace.export.SpanExporter;
import io.prescale.collector.api.FunctionData;
import io.prescale.collector.http.ApiServer;
import io.prescale.collector.otlp.OtlpOptions;
import io.prescale.collector.otlp.OtlpServers;
import io.prescale.core.time.TimeSource;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import java.util.function.Predicate;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * End to end: the real OpenTelemetry Java SDK exports a known schedule of invocations over
 * OTLP/HTTP (protobuf, with and without gzip) and OTLP/gRPC, as spans and as metrics (cumulative
 * and delta), to a running collector; {@code /api/v1/functions} then reports exactly those counts,
 * cold starts, errors and concurrency.
 */
class SdkToApiTest {
  private static final long S = 1_000_000_000L;
  private static final HttpClient CLIENT = HttpClient.newHttpClient();
  private static Vertx vertx;
  private static OtlpServers servers;
  private static ApiServer api;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    PrometheusRegistry registry = new PrometheusRegistry();
    Router router = Router.router(vertx);
    FunctionData data = new FunctionData(TimeSource.system()).mount(router, registry);
    servers =
        new OtlpServers(
            vertx,
            OtlpOptions.defaults().withBindHost("127.0.0.1").withPorts(0, 0).withServerInstances(1),
            data.sink(),
            registry,
            TimeSource.system());
    servers.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    api = new ApiServer(vertx, router, registry, "127.0.0.1", 0, () -> true);
    api.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    api.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    servers.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @Test
  void httpProtobufSpans() throws Exception {
    spansSchedule(
        "http-fn",
        OtlpHttpSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:" + servers.httpPort() + "/v1/traces")
            .build());
  }

  @Test
  void httpProtobufGzipSpans() throws Exception {
    spansSchedule(
        "http-gzip-fn",
        OtlpHttpSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:" + servers.httpPort() + "/v1/traces")
            .setCompression("gzip")
            .build());
  }

  @Test
  void grpcSpans() throws Exception {
    spansSchedule(
        "grpc-fn",
        OtlpGrpcSpanExporter.builder()
            .setEndpoint("http://127.0.0.1:" + servers.grpcPort())
            .build());
  }

  @Test
  void httpCumulativeMetrics() throws Exception {
    metricsSchedule(
        "metrics-http-fn",
        OtlpHttpMetricExporter.builder()
            .setEndpoint("http://127.0.0.1:" + servers.httpPort() + "/v1/metrics")
            .build());
  }

  @Test
  void grpcDeltaMetricsGzip() throws Exception {
    metricsSchedule(
        "metrics-grpc-fn",
        OtlpGrpcMetricExporter.builder()
            .setEndpoint("http://127.0.0.1:" + servers.grpcPort())
            .setCompression("gzip")
            .setAggregationTemporalitySelector(AggregationTemporalitySelector.deltaPreferred())
            .build());
  }

  @Test
  void spansWithoutIdentityAreRejectedAndCounted() throws Exception {
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(Resource.empty())
            .addSpanProcessor(
                BatchSpanProcessor.builder(
                        OtlpHttpSpanExporter.builder()
                            .setEndpoint("http://127.0.0.1:" + servers.httpPort() + "/v1/traces")
                            .build())
                    .setScheduleDelay(Duration.ofHours(1))
                    .build())
            .build();
    provider.get("e2e").spanBuilder("anonymous").setSpanKind(SpanKind.SERVER).startSpan().end();
    assertTrue(provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess());
    provider.shutdown().join(10, TimeUnit.SECONDS);
    String metrics = waitFor("/metrics", body -> body.contains("reason=\"no_identity\"} 1"));
    assertTrue(
        metrics.contains("prescale_extract_rejected_items_total{reason=\"no_identity\"} 1"),
        metrics);
  }

  /**
   * Per function: 4 invocations over [base, base+2s) (concurrency 4 in both seconds), 6 of 250 ms
   * in [base+5s, base+5.25s) (concurrency 1.5 in that second); the first cold, one with status
   * Error, one answering 503; plus 4 child spans that are not invocations.
   */
  private static void spansSchedule(String name, SpanExporter exporter) throws Exception {
    SdkTracerProvider provider =
        SdkTracerProvider.builder()
            .setResource(
                Resource.create(
                    Attributes.of(
                        AttributeKey.stringKey("faas.name"),
                        name,
                        AttributeKey.stringKey("k8s.namespace.name"),
                        "e2e")))
            .addSpanProcessor(
                BatchSpanProcessor.builder(exporter)
                    .setMaxExportBatchSize(5)
                    .setScheduleDelay(Duration.ofHours(1))
                    .build())
            .build();
    Tracer tracer = provider.get("e2e");
    long base = (System.currentTimeMillis() / 1000 - 60) * S;
    for (int i = 0; i < 10; i++) {
      long start = i < 4 ? base : base + 5 * S;
      long end = i < 4 ? base + 2 * S : base + 5 * S + S / 4;
      Span span =
          tracer
              .spanBuilder("GET /work")
              .setSpanKind(SpanKind.SERVER)
              .setStartTimestamp(start, TimeUnit.NANOSECONDS)
              .setAttribute("faas.trigger", "http")
              .setAttribute("faas.coldstart", i == 0)
              .setAttribute("http.response.status_code", i == 2 ? 503L : 200L)
              .startSpan();
      if (i == 1) {
        span.setStatus(StatusCode.ERROR);
      }
      if (i < 4) {
        SpanKind kind = i % 2 == 0 ? SpanKind.INTERNAL : SpanKind.CLIENT;
        tracer
            .spanBuilder("child")
            .setSpanKind(kind)
            .setParent(Context.root().with(span))
            .setStartTimestamp(start, TimeUnit.NANOSECONDS)
            .startSpan()
            .end(start + S / 10, TimeUnit.NANOSECONDS);
      }
      span.end(end, TimeUnit.NANOSECONDS);
    }
    assertTrue(
        provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess(), name + ": export failed");
    provider.shutdown().join(10, TimeUnit.SECONDS);

    String key = "e2e/" + name;
    JsonObject f = waitForFunction(key, 10);
    assertEquals(10, f.getLong("invocationsTotal"), key);
    assertEquals(1, f.getLong("coldStartsTotal"), key);
    assertEquals(2, f.getLong("errorsTotal"), key);
    assertEquals((4 * 2 + 6 * 0.25) / 3600, f.getDouble("concurrency"), 1e-6, key);

    JsonObject detail =
        new JsonObject(get("/api/v1/functions/e2e%2F" + name + "?seconds=300").body());
    JsonObject sec = detail.getJsonObject("seconds");
    int at = (int) (base / S - sec.getLong("startEpochSecond"));
    JsonArray conc = sec.getJsonArray("concurrency");
    assertEquals(4.0, conc.getDouble(at), 1e-9);
    assertEquals(4.0, conc.getDouble(at + 1), 1e-9);
    assertEquals(0.0, conc.getDouble(at + 2), 1e-9);
    assertEquals(1.5, conc.getDouble(at + 5), 1e-9);
    assertEquals(4, sec.getJsonArray("arrivals").getLong(at));
    assertEquals(6, sec.getJsonArray("arrivals").getLong(at + 5));
  }

  /**
   * 7 successful invocations, 2 errors, 1 cold start and 3 in flight, exported; then 3 more
   * successful invocations, exported again: 12 arrivals in total.
   */
  private static void metricsSchedule(String name, MetricExporter exporter) throws Exception {
    PeriodicMetricReader reader =
        PeriodicMetricReader.builder(exporter).setInterval(Duration.ofHours(1)).build();
    SdkMeterProvider provider =
        SdkMeterProvider.builder()
            .setResource(Resource.create(Attributes.of(AttributeKey.stringKey("faas.name"), name)))
            .registerMetricReader(reader)
            .build();
    var meter = provider.get("e2e");
    LongCounter invocations = meter.counterBuilder("faas.invocations").build();
    LongCounter errors = meter.counterBuilder("faas.errors").build();
    LongCounter cold = meter.counterBuilder("faas.coldstarts").build();
    LongUpDownCounter active = meter.upDownCounterBuilder("http.server.active_requests").build();
    var durations = meter.histogramBuilder("faas.invoke_duration").setUnit("s").build();
    Attributes http = Attributes.of(AttributeKey.stringKey("faas.trigger"), "http");
    invocations.add(7, http);
    errors.add(2, http);
    cold.add(1, http);
    active.add(3, http);
    for (int i = 0; i < 9; i++) {
      durations.record(0.2, http);
    }
    CompletableResultCode first = provider.forceFlush().join(10, TimeUnit.SECONDS);
    assertTrue(first.isSuccess(), name + ": first export failed");
    invocations.add(3, http);
    assertTrue(
        provider.forceFlush().join(10, TimeUnit.SECONDS).isSuccess(),
        name + ": second export failed");
    provider.shutdown().join(10, TimeUnit.SECONDS);

    JsonObject f = waitForFunction(name, 12);
    assertEquals(12, f.getLong("invocationsTotal"), name);
    assertEquals(2, f.getLong("errorsTotal"), name);
    assertEquals(1, f.getLong("coldStartsTotal"), name);
    assertEquals(200, f.getDouble("durationP50Ms"), 200 * 0.3, name);
    JsonObject detail = new JsonObject(get("/api/v1/functions/" + name + "?seconds=120").body());
    double maxConcurrency = 0;
    for (Object v : detail.getJsonObject("seconds").getJsonArray("concurrency")) {
      maxConcurrency = Math.max(maxConcurrency, ((Number) v).doubleValue());
    }
    assertEquals(
        3.0, maxConcurrency, 1e-9, name + ": in-flight sample from http.server.active_requests");
  }

  private static JsonObject waitForFunction(String key, long invocations) throws Exception {
    JsonObject found = null;
    for (int attempt = 0; attempt < 100; attempt++) {
      JsonObject body = new JsonObject(get("/api/v1/functions?window=1h").body());
      for (Object o : body.getJsonArray("functions")) {
        JsonObject f = (JsonObject) o;
        if (f.getString("function").equals(key)) {
          found = f;
        }
      }
      if (found != null && found.getLong("invocationsTotal") >= invocations) {
        return found;
      }
      Thread.sleep(100);
    }
    throw new AssertionError(key + " did not reach " + invocations + " invocations: " + found);
  }

  private static String waitFor(String path, Predicate<String> ok) throws Exception {
    String body = "";
    for (int attempt = 0; attempt < 100; attempt++) {
      body = get(path).body();
      if (ok.test(body)) {
        return body;
      }
      Thread.sleep(100);
    }
    return body;
  }

  private static HttpResponse<String> get(String path) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.actualPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
