package io.prescale.app.autoscale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.adapter.engine.EngineConfig;
import io.prescale.adapter.engine.ScalingEngine;
import io.prescale.adapter.engine.TargetStatus;
import io.prescale.app.ControlPlaneContext;
import io.prescale.app.adapters.AdapterComponent;
import io.prescale.autoscaler.loop.AutoscalerLoop;
import io.prescale.autoscaler.loop.ScheduledAutoscaler;
import io.prescale.autoscaler.loop.TickReport;
import io.prescale.collector.http.ApiServer;
import io.prescale.collector.window.FunctionStore;
import io.prescale.collector.window.FunctionWindows;
import io.prescale.core.FunctionKey;
import io.prescale.core.Invocation;
import io.prescale.core.Trigger;
import io.prescale.core.time.ManualTimeSource;
import io.prescale.policy.PolicyLoader;
import io.prescale.policy.PolicyProvider;
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
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The autoscaler component over a real store, the real policy and the dry-run adapter, ticked by
 * hand on a {@link ManualTimeSource}; the API on an ephemeral port.
 */
class AutoscalerComponentTest {
  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  private static final FunctionKey CHECKOUT = FunctionKey.of("shop/checkout");
  private static final FunctionKey RESIZE = FunctionKey.of("resize");
  private static final String POLICY =
      """
      defaults:
        mode: kpa
      policies:
        - name: shop-floor
          match: { function: "shop/*" }
          mode: fixed
          minInstances: 3
      """;

  private final ManualTimeSource time = new ManualTimeSource(T0);
  private final HttpClient http = HttpClient.newHttpClient();
  private Vertx vertx;
  private ControlPlaneContext ctx;
  private FunctionStore store;
  private AdapterComponent adapters;
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
    autoscaler = new AutoscalerComponent(Duration.ofSeconds(2), false);
    autoscaler.start(ctx);
    api = new ApiServer(vertx, router, registry, "127.0.0.1", 0, () -> true);
    api.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void tearDown() throws Exception {
    autoscaler.stop();
    adapters.stop();
    api.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  /** {@code perSecond} invocations of 100 ms in each of the {@code seconds} seconds before now. */
  private void traffic(FunctionKey f, int seconds, int perSecond) {
    long now = StoreObservations.epochNanos(time.instant());
    FunctionWindows w = store.getOrCreate(f, Map.of(), now);
    for (int s = seconds; s >= 1; s--) {
      for (int i = 0; i < perSecond; i++) {
        long start = now - s * 1_000_000_000L + i * (1_000_000_000L / perSecond);
        w.recordInvocation(
            new Invocation(f, start, start + 100_000_000L, false, Trigger.HTTP, false, "i-1", 0));
      }
    }
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.actualPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void aFunctionWithInvocationsIsListedWithThePolicysModeAndAReasonAfterATick() throws Exception {
    assertEquals(
        0,
        new JsonObject(get("/api/v1/decisions").body()).getInteger("count"),
        "nothing before a tick");
    traffic(RESIZE, 30, 4);
    time.advance(Duration.ofSeconds(1));
    TickReport report = autoscaler.tick();
    assertEquals(1, report.decided(), report.toString());
    assertEquals(0, report.failed(), report.toString());

    HttpResponse<String> r = get("/api/v1/decisions");
    assertEquals(200, r.statusCode());
    JsonObject body = new JsonObject(r.body());
    JsonArray decisions = body.getJsonArray("decisions");
    assertEquals(1, decisions.size(), r.body());
    JsonObject d = decisions.getJsonObject(0);
    assertEquals("resize", d.getString("function"));
    assertEquals("kpa", d.getString("decider"), r.body());
    assertFalse(d.getString("reason").isBlank(), r.body());
    assertEquals(T0.plusSeconds(1).toString(), d.getString("at"));
    assertEquals("defaults", d.getString("rule"), r.body());
    assertEquals("dry-run", d.getString("adapter"), r.body());
    assertTrue(d.containsKey("signals") && d.containsKey("valid"), r.body());
    assertEquals(2.0, body.getDouble("tickSeconds"));
  }

  @Test
  void aFixedPolicyForOneGlobGivesItsMinimumAndReachesTheAdapter() throws Exception {
    traffic(CHECKOUT, 10, 2);
    traffic(RESIZE, 10, 2);
    time.advance(Duration.ofSeconds(1));
    assertEquals(2, autoscaler.tick().decided());

    JsonObject checkout = new JsonObject(get("/api/v1/decisions/shop%2Fcheckout").body());
    assertEquals("fixed", checkout.getString("decider"), checkout.encode());
    assertTrue(checkout.getBoolean("valid"), checkout.encode());
    assertEquals(3, checkout.getInteger("desiredInstances"), checkout.encode());
    assertEquals("shop-floor", checkout.getString("rule"));
    assertEquals(
        StoreObservations.FROM_NONE,
        checkout.getString("readySource"),
        "nothing known at the first tick");
    assertEquals(
        "kpa", new JsonObject(get("/api/v1/decisions/resize").body()).getString("decider"));

    ScalingEngine engine = ctx.get(ScalingEngine.class);
    engine.awaitQuiet(Duration.ofSeconds(10));
    TargetStatus target =
        engine.targets().stream()
            .filter(t -> t.function().equals("shop/checkout"))
            .findFirst()
            .orElseThrow(
                () ->
                    new AssertionError("no dry-run target for shop/checkout: " + engine.targets()));
    assertEquals(3, target.configured(), target.toString());

    time.advance(Duration.ofSeconds(2));
    autoscaler.tick();
    checkout = new JsonObject(get("/api/v1/decisions/shop/checkout").body());
    assertEquals(3, checkout.getInteger("readyInstances"), checkout.encode());
    assertEquals(
        StoreObservations.FROM_CONFIGURED,
        checkout.getString("readySource"),
        "the dry-run adapter reads no readiness: its configured count is what the decider is told");

    HttpResponse<String> missing = get("/api/v1/decisions/nope");
    assertEquals(404, missing.statusCode());
    assertTrue(missing.body().contains("function 'nope' has no decision"), missing.body());
  }

  @Test
  void decisionsAndTheirDurationsAppearInMetrics() throws Exception {
    traffic(CHECKOUT, 10, 2);
    time.advance(Duration.ofSeconds(1));
    autoscaler.tick();
    String metrics = get("/metrics").body();
    assertTrue(
        metrics.contains(
            "prescale_desired_instances{function=\"shop/checkout\",namespace=\"shop\"} 3.0"),
        metrics);
    assertTrue(
        metrics.contains(
            "prescale_decision_duration_seconds_bucket{decider=\"fixed\",le=\"1.0E-6\"} 1"),
        metrics);
    assertTrue(
        metrics.contains("prescale_decision_duration_seconds_count{decider=\"fixed\"} 1"), metrics);
    assertTrue(
        metrics.contains("prescale_autoscaler_tick_functions{state=\"decided\"} 1.0"), metrics);
  }

  @Test
  void aFunctionTheStoreForgetsLeavesTheDecisions() throws Exception {
    traffic(RESIZE, 5, 1);
    time.advance(Duration.ofSeconds(1));
    autoscaler.tick();
    AutoscalerLoop loop = ctx.get(AutoscalerLoop.class);
    assertTrue(loop.latestDecision(RESIZE).isPresent());
    store.evictIdle(
        StoreObservations.epochNanos(time.instant()) + store.config().idleTimeout().toNanos() + 1);
    autoscaler.tick();
    assertTrue(loop.latestDecisions().isEmpty());
    assertEquals(404, get("/api/v1/decisions/resize").statusCode());
    assertNull(
        ctx.find(ScheduledAutoscaler.class).orElse(null),
        "a component driven by hand runs no scheduler");
  }
}
