package io.prescale.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assumptions.assumeTrue;

import com.google.protobuf.ByteString;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.prescale.adapter.engine.EngineConfig;
import io.prescale.adapter.engine.ScalingEngine;
import io.prescale.app.adapters.AdapterComponent;
import io.prescale.app.autoscale.AutoscalerComponent;
import io.prescale.app.shadow.ShadowComponent;
import io.prescale.collector.http.ApiServer;
import io.prescale.collector.ingest.TelemetrySink;
import io.prescale.collector.snapshot.WindowsSnapshot;
import io.prescale.collector.window.FunctionStore;
import io.prescale.core.FunctionKey;
import io.prescale.core.time.ManualTimeSource;
import io.prescale.policy.PolicyLoader;
import io.prescale.policy.PolicyProvider;
import io.prescale.simulator.trace.InvocationStream;
import io.prescale.simulator.trace.Placement;
import io.prescale.simulator.trace.Trace;
import io.prescale.simulator.trace.TraceFunction;
import io.prescale.simulator.trace.TraceOptions;
import io.prescale.simulator.trace.TraceReaders;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.io.InputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.zip.ZipEntry;
import java.util.zip.ZipInputStream;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The must-show of shadow mode: the control plane of {@code prescale run} (its components in its
 * order, ticked by hand on a manual clock) with every function in {@code mode: shadow}, fed by a
 * fake Knative-like platform ({@link KpaPlatform}) that replays twenty minutes of three functions
 * of the real Azure 2019 sample and reports every request as an OTLP span. Then the report's
 * observed numbers are what the platform did, and its "prescale would have" numbers are what {@code
 * prescale simulate} gives on the trace {@code GET /api/v1/export} wrote, same seed.
 */
class ShadowRunReplayTest {
  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  private static final long SECOND = 1_000_000_000L;
  private static final int WINDOW_MINUTES = 20;
  private static final int DRAIN_MINUTES = 2;
  private static final String POLICY =
      """
      defaults:
        mode: kpa
      policies:
        - name: watch-azure
          match: { function: "azure/*" }
          mode: shadow
      """;

  private static final java.util.concurrent.atomic.AtomicLong SPAN_IDS =
      new java.util.concurrent.atomic.AtomicLong();

  private final ManualTimeSource time = new ManualTimeSource(T0);
  private final HttpClient http = HttpClient.newHttpClient();
  private Vertx vertx;
  private ControlPlane plane;
  private ApiServer api;

  @TempDir Path tmp;

  @AfterEach
  void tearDown() throws Exception {
    if (plane != null) {
      plane.stop();
    }
    if (api != null) {
      api.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void theReportObservesThePlatformAndReplaysPrescaleAsSimulateDoes() throws Exception {
    Path sample =
        Path.of(System.getProperty("user.dir"))
            .resolve("../../shared/traces/azure2019-sample100")
            .normalize();
    assumeTrue(
        Files.exists(sample),
        "shared trace " + sample + " is absent (../shared/traces); skipping the shadow replay");
    Path dataDir = Files.createDirectories(tmp.resolve("data"));
    vertx = Vertx.vertx();
    PrometheusRegistry registry = new PrometheusRegistry();
    Router router = Router.router(vertx);
    ControlPlaneContext ctx = new ControlPlaneContext(vertx, router, registry, time);
    ctx.put(PolicyProvider.class, PolicyLoader.standard().parse(POLICY, "policy.yaml"));
    AutoscalerComponent autoscaler = new AutoscalerComponent(Duration.ofSeconds(2), false);
    plane =
        new ControlPlane(ctx)
            .add(new AdapterComponent(Map.of(), EngineConfig.defaults()))
            .add(new FunctionDataComponent())
            .add(new ShadowComponent(dataDir, Duration.ofMinutes(10), Duration.ofSeconds(90)))
            .add(autoscaler);
    plane.start();
    api = new ApiServer(vertx, router, registry, "127.0.0.1", 0, () -> true);
    api.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    FunctionStore store = ctx.functionStore();
    TelemetrySink sink = ctx.get(TelemetrySink.class);

    // three functions of the sample with 100..1000 arrivals in minutes 60..80 of the trace
    Trace trace = TraceReaders.open(sample, TraceOptions.DEFAULTS);
    long from = trace.startNanos() + 60 * 60 * SECOND;
    long to = from + WINDOW_MINUTES * 60 * SECOND;
    Map<Integer, List<long[]>> arrivals = new HashMap<>();
    try (InvocationStream s = trace.open(1, Placement.UNIFORM)) {
      while (s.next() && s.arrivalNanos() < to) {
        if (s.arrivalNanos() >= from) {
          arrivals
              .computeIfAbsent(s.function(), k -> new ArrayList<>())
              .add(new long[] {s.arrivalNanos() - from, Math.min(s.durationNanos(), 60 * SECOND)});
        }
      }
    }
    List<Integer> chosen = new ArrayList<>();
    arrivals.entrySet().stream()
        .filter(e -> e.getValue().size() >= 100 && e.getValue().size() <= 1000)
        .sorted((a, b) -> b.getValue().size() - a.getValue().size())
        .limit(3)
        .forEach(e -> chosen.add(e.getKey()));
    assertEquals(3, chosen.size(), "functions with 100..1000 arrivals: " + arrivals.size());
    List<String> names = new ArrayList<>();
    List<long[]> all = new ArrayList<>(); // {offset, duration, fn}
    for (int i = 0; i < chosen.size(); i++) {
      TraceFunction tf = trace.functions().get(chosen.get(i));
      names.add(tf.shortLabel().replace('/', '-'));
      for (long[] a : arrivals.get(chosen.get(i))) {
        all.add(new long[] {a[0], a[1], i});
      }
    }
    all.sort((a, b) -> a[0] != b[0] ? Long.compare(a[0], b[0]) : Long.compare(a[2], b[2]));

    long t0 = T0.getEpochSecond() * SECOND;
    List<ExportTraceServiceRequest> batch = new ArrayList<>();
    List<ExportMetricsServiceRequest> gauges = new ArrayList<>();
    Map<String, Map<Long, Integer>> reported = new HashMap<>();
    KpaPlatform platform =
        new KpaPlatform(
            names.size(),
            (fn, arrival, end, cold, instance) ->
                batch.add(span(names.get(fn), arrival, end, cold, instance)),
            (fn, count, at) -> {
              gauges.add(pods(names.get(fn), count, at));
              reported.computeIfAbsent(names.get(fn), k -> new HashMap<>()).put(at, count);
            });
    // per function, the tick times at which the control plane knew it (first one: the baseline)
    Map<String, List<Long>> ticksSeen = new HashMap<>();
    int next = 0;
    long end = t0 + (WINDOW_MINUTES + DRAIN_MINUTES) * 60 * SECOND;
    for (long now = t0; now < end; now += SECOND) {
      time.setEpochNanos(now);
      while (next < all.size() && t0 + all.get(next)[0] <= now) {
        long[] a = all.get(next++);
        platform.arrive((int) a[2], t0 + a[0], a[1]);
      }
      platform.finishUntil(now);
      for (ExportTraceServiceRequest r : batch) {
        sink.acceptTraces(r, now);
      }
      batch.clear();
      if ((now - t0) % (2 * SECOND) == 0) {
        platform.tick(now);
        for (ExportMetricsServiceRequest g : gauges) {
          sink.acceptMetrics(g, now);
        }
        gauges.clear();
        if (now > t0) {
          for (String n : names) {
            if (store.get(FunctionKey.of("azure/" + n)) != null) {
              ticksSeen.computeIfAbsent(n, k -> new ArrayList<>()).add(now);
            }
          }
          autoscaler.tick();
        }
      }
    }
    time.setEpochNanos(end);

    // shadow mode never actuated: the engine has no target for any function
    assertTrue(
        ctx.get(ScalingEngine.class).targets().isEmpty(), "shadow decisions reached an adapter");

    String reportJson = get("/api/v1/report?since=22m&format=json").body();
    JsonObject report = new JsonObject(reportJson);
    assertEquals(
        t0 / SECOND,
        Instant.parse(report.getJsonObject("parameters").getString("from")).getEpochSecond());
    JsonArray functions = report.getJsonArray("functions");
    assertEquals(3, functions.size(), report.encodePrettily());
    long fleetCold = 0;
    for (int i = 0; i < names.size(); i++) {
      String key = "azure/" + names.get(i);
      JsonObject line = find(functions, key);
      int fn = i;
      List<KpaPlatform.Served> served =
          platform.served().stream().filter(s -> s.fn() == fn).toList();
      long cold = served.stream().filter(KpaPlatform.Served::cold).count();
      fleetCold += cold;
      assertTrue(cold > 0, "the platform started " + key + " cold at least once");
      JsonObject observed = line.getJsonObject("observed");
      assertEquals(served.size(), line.getLong("invocations"), key);
      assertEquals(cold, observed.getLong("coldStarts"), key + ": observed cold starts");
      // instance-seconds: the pods the platform reported at each tick, until the next one
      double ran = 0;
      List<Long> ticks = ticksSeen.get(names.get(i));
      for (int k = 1; k < ticks.size(); k++) {
        long before = ticks.get(k - 1);
        ran += reported.get(names.get(i)).get(before) * (ticks.get(k) - before) / 1e9;
      }
      assertTrue(ran > 0, key + " ran instances");
      assertEquals(ran, observed.getDouble("instanceSeconds"), 1e-6, key + ": instance-seconds");
    }
    assertEquals(
        fleetCold, report.getJsonObject("fleet").getJsonObject("observed").getLong("coldStarts"));
    assertTrue(report.getString("headline").startsWith("prescale: "), report.getString("headline"));

    // the same window exported, then simulated by the command line: the same numbers
    HttpResponse<byte[]> zip = getBytes("/api/v1/export?since=22m");
    assertEquals(200, zip.statusCode());
    Path traceDir = unzip(zip.body(), tmp.resolve("export"));
    Path out = tmp.resolve("sim");
    CliRun sim =
        CliRun.of(
            "simulate",
            "--trace",
            traceDir.toString(),
            "--platform",
            "autoscaled",
            "--policy",
            "prescale,kpa,hpa,keda",
            "--cold-start",
            "1s",
            "--concurrency",
            "1",
            "--seed",
            "1",
            "--threads",
            "1",
            "--out",
            out.toString());
    assertEquals(0, sim.code(), sim.err());
    JsonArray results =
        new JsonObject(Files.readString(out.resolve("report.json"))).getJsonArray("results");
    JsonObject fleet = report.getJsonObject("fleet").getJsonObject("policies");
    for (String policy : List.of("prescale", "kpa", "hpa", "keda")) {
      JsonObject r = find(results, policy, "policy");
      JsonObject mine = fleet.getJsonObject(policy);
      assertEquals(r.getLong("coldStarts"), mine.getLong("coldStarts"), policy + " cold starts");
      assertEquals(
          r.getDouble("instanceSeconds"),
          mine.getDouble("instanceSeconds"),
          1e-6,
          policy + " instance-s");
    }
    assertEquals(
        fleet.getJsonObject("prescale").getLong("coldStarts"),
        sumOver(functions, "prescale"),
        "the fleet is the sum of the functions");

    HttpResponse<String> html =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + "/api/v1/report?since=22m"))
                .header("Accept", "text/html")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertTrue(html.headers().firstValue("content-type").orElse("").startsWith("text/html"));
    assertTrue(html.body().contains("<h1 id=\"headline\">prescale: "), html.body());

    // prescale report from the running instance, then offline from its --data-dir: the same report
    Path fromUrl = tmp.resolve("from-url");
    CliRun remote =
        CliRun.of("report", "--url", base(), "--since", "22m", "--out", fromUrl.toString());
    assertEquals(0, remote.code(), remote.err());
    assertTrue(remote.out().startsWith(report.getString("headline")), remote.out());
    assertEquals(reportJson, Files.readString(fromUrl.resolve("report.json")));
    assertTrue(
        Files.readString(fromUrl.resolve("report.html")).contains(report.getString("headline")));
    plane.stop(); // the final shadow.json
    plane = null;
    WindowsSnapshot.write(store, dataDir.resolve(WindowsSnapshot.FILE_NAME), end);
    Path offline = tmp.resolve("offline");
    CliRun local =
        CliRun.of(
            "report",
            "--data-dir",
            dataDir.toString(),
            "--since",
            "22m",
            "--out",
            offline.toString());
    assertEquals(0, local.code(), local.err());
    assertEquals(reportJson, Files.readString(offline.resolve("report.json")));
  }

  private static long sumOver(JsonArray functions, String policy) {
    long n = 0;
    for (int i = 0; i < functions.size(); i++) {
      n +=
          functions
              .getJsonObject(i)
              .getJsonObject("policies")
              .getJsonObject(policy)
              .getLong("coldStarts");
    }
    return n;
  }

  private static JsonObject find(JsonArray a, String function) {
    return find(a, function, "function");
  }

  private static JsonObject find(JsonArray a, String value, String key) {
    for (int i = 0; i < a.size(); i++) {
      if (value.equals(a.getJsonObject(i).getString(key))) {
        return a.getJsonObject(i);
      }
    }
    throw new AssertionError("no " + key + " " + value + " in " + a.encodePrettily());
  }

  private static Path unzip(byte[] zip, Path dir) throws Exception {
    try (ZipInputStream in = new ZipInputStream(new java.io.ByteArrayInputStream(zip))) {
      ZipEntry e;
      while ((e = in.getNextEntry()) != null) {
        Path p = dir.resolve(e.getName()).normalize();
        assertTrue(p.startsWith(dir), e.getName());
        Files.createDirectories(p.getParent());
        Files.copy((InputStream) in, p);
      }
    }
    return dir.resolve("trace");
  }

  private String base() {
    return "http://127.0.0.1:" + api.actualPort();
  }

  private HttpResponse<String> get(String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create(base() + path)).build(),
            HttpResponse.BodyHandlers.ofString(StandardCharsets.UTF_8));
    assertEquals(200, r.statusCode(), r.body());
    return r;
  }

  private HttpResponse<byte[]> getBytes(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base() + path)).build(),
        HttpResponse.BodyHandlers.ofByteArray());
  }

  private static ExportTraceServiceRequest span(
      String function, long start, long end, boolean cold, String instance) {
    byte[] id = java.nio.ByteBuffer.allocate(16).putLong(8, SPAN_IDS.incrementAndGet()).array();
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(
                    Resource.newBuilder()
                        .addAttributes(kv("faas.name", function))
                        .addAttributes(kv("k8s.namespace.name", "azure"))
                        .addAttributes(kv("faas.instance", instance)))
                .addScopeSpans(
                    ScopeSpans.newBuilder()
                        .addSpans(
                            Span.newBuilder()
                                .setTraceId(ByteString.copyFrom(id))
                                .setSpanId(ByteString.copyFrom(new byte[] {1, 2, 3, 4, 5, 6, 7, 8}))
                                .setName("invoke")
                                .setKind(Span.SpanKind.SPAN_KIND_SERVER)
                                .setStartTimeUnixNano(start)
                                .setEndTimeUnixNano(end)
                                .addAttributes(kv("faas.trigger", "http"))
                                .addAttributes(
                                    KeyValue.newBuilder()
                                        .setKey("faas.coldstart")
                                        .setValue(AnyValue.newBuilder().setBoolValue(cold))))))
        .build();
  }

  private static ExportMetricsServiceRequest pods(String service, int count, long at) {
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .setResource(Resource.newBuilder().addAttributes(kv("service.name", "autoscaler")))
                .addScopeMetrics(
                    ScopeMetrics.newBuilder()
                        .addMetrics(
                            Metric.newBuilder()
                                .setName("kn.revision.pods.count")
                                .setUnit("{pod}")
                                .setGauge(
                                    Gauge.newBuilder()
                                        .addDataPoints(
                                            NumberDataPoint.newBuilder()
                                                .setTimeUnixNano(at)
                                                .setAsInt(count)
                                                .addAttributes(kv("k8s.namespace.name", "azure"))
                                                .addAttributes(kv("kn.service.name", service))
                                                .addAttributes(
                                                    kv("kn.revision.name", service + "-00001")))))))
        .build();
  }

  private static KeyValue kv(String k, String v) {
    return KeyValue.newBuilder()
        .setKey(k)
        .setValue(AnyValue.newBuilder().setStringValue(v))
        .build();
  }
}
