package io.prescale.app.shadow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.adapter.engine.EngineConfig;
import io.prescale.adapter.engine.ScalingEngine;
import io.prescale.adapter.engine.TargetStatus;
import io.prescale.app.ControlPlaneContext;
import io.prescale.app.adapters.AdapterComponent;
import io.prescale.app.autoscale.AutoscalerComponent;
import io.prescale.collector.http.ApiServer;
import io.prescale.collector.window.FunctionStore;
import io.prescale.collector.window.FunctionWindows;
import io.prescale.core.FunctionKey;
import io.prescale.core.Invocation;
import io.prescale.core.Trigger;
import io.prescale.core.time.EpochNanos;
import io.prescale.core.time.ManualTimeSource;
import io.prescale.policy.PolicyLoader;
import io.prescale.policy.PolicyProvider;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Shadow and acting functions in one policy: the shadow one is decided and recorded, never sent to
 * an adapter; the acting one reaches the dry-run adapter. The series in /metrics; the report API's
 * one-job bound (429), status and cancel.
 */
class ShadowComponentTest {
  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  private static final FunctionKey CHECKOUT = FunctionKey.of("shop/checkout");
  private static final FunctionKey RESIZE = FunctionKey.of("resize");
  private static final String POLICY =
      """
      defaults:
        mode: kpa
      policies:
        - name: watch-shop
          match: { function: "shop/*" }
          mode: shadow
      """;

  private final ManualTimeSource time = new ManualTimeSource(T0);
  private final HttpClient http = HttpClient.newHttpClient();
  private Vertx vertx;
  private ControlPlaneContext ctx;
  private FunctionStore store;
  private AdapterComponent adapters;
  private ShadowComponent shadow;
  private AutoscalerComponent autoscaler;
  private ApiServer api;

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    PrometheusRegistry registry = new PrometheusRegistry();
    Router router = Router.router(vertx);
    ctx = new ControlPlaneContext(vertx, router, registry, time);
    ctx.put(PolicyProvider.class, PolicyLoader.standard().parse(POLICY, "policy.yaml"));
    store = FunctionStore.withDefaults();
    ctx.put(FunctionStore.class, store);
    adapters = new AdapterComponent(Map.of(), EngineConfig.defaults());
    adapters.start(ctx);
    shadow = new ShadowComponent(null, Duration.ofSeconds(30)).reportWait(Duration.ofMillis(1));
    shadow.start(ctx);
    autoscaler = new AutoscalerComponent(Duration.ofSeconds(2), false);
    autoscaler.start(ctx);
    api = new ApiServer(vertx, router, registry, "127.0.0.1", 0, () -> true);
    api.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void tearDown() throws Exception {
    autoscaler.stop();
    shadow.stop();
    adapters.stop();
    api.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private void traffic(FunctionKey f, int seconds, int perSecond) {
    long now = EpochNanos.of(time.instant());
    FunctionWindows w = store.getOrCreate(f, Map.of(), now);
    for (int s = seconds; s >= 1; s--) {
      for (int i = 0; i < perSecond; i++) {
        long start = now - s * 1_000_000_000L + i * (1_000_000_000L / perSecond);
        w.recordInvocation(
            new Invocation(f, start, start + 100_000_000L, i == 0, Trigger.HTTP, false, "i-1", 0));
      }
    }
  }

  private HttpResponse<String> send(String method, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.actualPort() + path))
            .method(method, HttpRequest.BodyPublishers.noBody())
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theShadowFunctionIsDecidedButNeverReachesAnAdapter() throws Exception {
    traffic(CHECKOUT, 30, 4);
    traffic(RESIZE, 30, 4);
    for (int i = 0; i < 3; i++) {
      time.advance(Duration.ofSeconds(2));
      assertEquals(2, autoscaler.tick().decided());
    }
    ScalingEngine engine = ctx.get(ScalingEngine.class);
    engine.awaitQuiet(Duration.ofSeconds(10));
    List<String> targets = engine.targets().stream().map(TargetStatus::function).toList();
    assertEquals(List.of("resize"), targets, "only the acting function has an adapter target");
    JsonObject d = new JsonObject(send("GET", "/api/v1/decisions/shop%2Fcheckout").body());
    assertEquals("watch-shop", d.getString("rule"), d.encode());
    assertEquals(List.of(CHECKOUT), shadow.ledger().functions());

    String metrics = send("GET", "/metrics").body();
    assertTrue(metrics.contains("prescale_shadow_functions 1.0"), metrics);
    assertTrue(
        metrics.contains(
            "prescale_shadow_instance_seconds_total{function=\"shop/checkout\",namespace=\"shop\","
                + "source=\"platform\"} 4.0"),
        "one instance seen, two intervals of 2 s after the baseline tick:\n" + metrics);
    assertTrue(
        metrics.contains(
            "prescale_shadow_cold_starts_total{function=\"shop/checkout\",namespace=\"shop\","
                + "source=\"platform\"} 0.0"),
        "no cold start after the baseline tick:\n" + metrics);
    assertFalse(metrics.contains("function=\"resize\",source="), "resize acts, no shadow series");
  }

  @Test
  void oneReportJobAtATimeTheNextGets429AndCancelStopsIt() throws Exception {
    ReplayWorker worker = shadow.reports().worker();
    CountDownLatch started = new CountDownLatch(1);
    CompletableFuture<String> job =
        worker.submit(
            "report",
            (done, total, cancelled) -> {
              total.set(10);
              done.set(4);
              started.countDown();
              for (int i = 0; i < 1000 && !cancelled.get(); i++) {
                Thread.sleep(10);
              }
              if (cancelled.get()) {
                throw new java.util.concurrent.CancellationException("report cancelled");
              }
              return "finished";
            });
    assertNotNull(job);
    assertTrue(started.await(10, TimeUnit.SECONDS));
    HttpResponse<String> busy = send("GET", "/api/v1/report?since=1h");
    assertEquals(429, busy.statusCode(), busy.body());
    assertEquals("5", busy.headers().firstValue("Retry-After").orElse(null));
    JsonObject status = new JsonObject(send("GET", "/api/v1/report/status").body());
    assertTrue(status.getBoolean("running"));
    assertEquals(0.4, status.getDouble("progress"), 1e-9);
    assertEquals(202, send("DELETE", "/api/v1/report").statusCode());
    org.junit.jupiter.api.Assertions.assertThrows(
        java.util.concurrent.CancellationException.class, () -> job.get(10, TimeUnit.SECONDS));
    for (int i = 0; i < 100 && worker.busy(); i++) {
      Thread.sleep(10);
    }
    assertFalse(worker.busy());
    assertEquals(404, send("DELETE", "/api/v1/report").statusCode(), "nothing left to cancel");
    String metrics = send("GET", "/metrics").body();
    assertTrue(
        metrics.contains("prescale_report_jobs_total{kind=\"report\",outcome=\"cancelled\"} 1.0"),
        metrics);
    assertTrue(
        metrics.contains("prescale_report_jobs_total{kind=\"report\",outcome=\"refused\"} 1.0"),
        metrics);
  }

  @Test
  void aReplayStillRunningAnswers202AndTheSameAskLaterGetsTheReport() throws Exception {
    traffic(CHECKOUT, 120, 4);
    for (int i = 0; i < 5; i++) {
      time.advance(Duration.ofSeconds(2));
      autoscaler.tick();
    }
    time.advance(Duration.ofMinutes(1));
    HttpResponse<String> first = send("GET", "/api/v1/report?since=5m");
    JsonObject report = null;
    int accepted = first.statusCode() == 202 ? 1 : 0;
    HttpResponse<String> r = first;
    for (int i = 0; i < 500 && r.statusCode() == 202; i++) {
      assertEquals("5", r.headers().firstValue("Retry-After").orElse(null));
      assertEquals("running", new JsonObject(r.body()).getString("status"), r.body());
      Thread.sleep(20);
      r = send("GET", "/api/v1/report?since=5m");
    }
    assertEquals(200, r.statusCode(), r.body());
    report = new JsonObject(r.body());
    assertEquals(1, report.getJsonArray("functions").size(), r.body());
    assertEquals(
        "shop/checkout", report.getJsonArray("functions").getJsonObject(0).getString("function"));
    assertEquals(1, accepted, "a 1 ms wait answers 202 first: " + first.body());
    // the finished report is served again to the same parameters, without a new replay
    assertEquals(r.body(), send("GET", "/api/v1/report?since=5m").body());
    assertTrue(
        send("GET", "/metrics")
            .body()
            .contains("prescale_report_jobs_total{kind=\"report\",outcome=\"done\"} 1.0"));
  }

  @Test
  void badParametersAre400NamingThem() throws Exception {
    HttpResponse<String> r = send("GET", "/api/v1/report?since=banana");
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("since = banana"), r.body());
    r = send("GET", "/api/v1/report?since=200d");
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("since = 200d, must be in [1m; 90d]"), r.body());
    r = send("GET", "/api/v1/report?platform=mainframe");
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("mainframe"), r.body());
    r = send("GET", "/api/v1/export?format=xml");
    assertEquals(400, r.statusCode());
    assertTrue(r.body().contains("format = xml, must be one of auto, minutes, seconds"), r.body());
  }
}
