package io.prescale.collector.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.collector.http.ApiServer;
import io.prescale.collector.window.FunctionStore;
import io.prescale.collector.window.FunctionWindows;
import io.prescale.core.FunctionKey;
import io.prescale.core.Invocation;
import io.prescale.core.Trigger;
import io.prescale.core.time.ManualTimeSource;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class FunctionApiTest {
  static final long S = 1_000_000_000L;
  static final long T0 = 1_800_000_000L;
  static Vertx vertx;
  static ApiServer server;
  static int port;
  static final ManualTimeSource TIME = new ManualTimeSource(Instant.ofEpochSecond(T0 + 100));
  static final FunctionStore STORE = FunctionStore.withDefaults();
  static final HttpClient CLIENT = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    FunctionWindows w =
        STORE.getOrCreate(
            FunctionKey.of("shop/checkout"),
            Map.of("k8s.namespace.name", "shop", "host.name", "x"),
            T0 * S);
    // 10 invocations of 0.5 s starting each second from T0+90: concurrency 0.5, one cold, one error
    for (int i = 0; i < 10; i++) {
      long start = (T0 + 90 + i) * S;
      w.recordInvocation(
          new Invocation(
              w.function(), start, start + S / 2, i == 0, Trigger.HTTP, i == 9, "i-1", 0));
    }
    FunctionWindows other = STORE.getOrCreate(FunctionKey.of("resize"), Map.of(), T0 * S);
    other.recordInvocation(
        new Invocation(
            other.function(), (T0 + 95) * S, (T0 + 96) * S, false, Trigger.HTTP, false, null, 0));
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    new FunctionApi(STORE, TIME).mount(router);
    PrometheusRegistry registry = new PrometheusRegistry();
    FunctionMetrics.register(registry, STORE, null, TIME, 1);
    server = new ApiServer(vertx, router, registry, "127.0.0.1", 0, () -> true);
    port = server.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    server.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  static HttpResponse<String> get(String path) throws Exception {
    return CLIENT.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void listsFunctionsWithTotalsRatesAndPercentiles() throws Exception {
    HttpResponse<String> r = get("/api/v1/functions?window=1m");
    assertEquals(200, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("content-type").orElse("").startsWith("application/json"));
    JsonArray fns = new JsonObject(r.body()).getJsonArray("functions");
    assertEquals(2, fns.size());
    JsonObject resize = fns.getJsonObject(0);
    JsonObject f = fns.getJsonObject(1);
    assertEquals("resize", resize.getString("function"));
    assertEquals("shop/checkout", f.getString("function"));
    assertEquals(10, f.getLong("invocationsTotal"));
    assertEquals(1, f.getLong("coldStartsTotal"));
    assertEquals(1, f.getLong("errorsTotal"));
    assertEquals(10.0 / 60, f.getDouble("ratePerSecond"), 1e-6);
    assertEquals(5.0 / 60, f.getDouble("concurrency"), 1e-6);
    assertEquals(500, f.getDouble("durationP50Ms"), 500 * 0.02);
    assertEquals(500, f.getDouble("durationP99Ms"), 500 * 0.02);
    assertEquals(60, f.getInteger("windowSeconds"));
  }

  @Test
  void defaultWindowIsFiveMinutes() throws Exception {
    JsonObject body = new JsonObject(get("/api/v1/functions").body());
    assertEquals(300, body.getInteger("windowSeconds"));
    assertEquals(
        10.0 / 300,
        body.getJsonArray("functions").getJsonObject(1).getDouble("ratePerSecond"),
        1e-6);
  }

  @Test
  void badWindowIsA400NamingTheParameter() throws Exception {
    HttpResponse<String> r = get("/api/v1/functions?window=banana");
    assertEquals(400, r.statusCode());
    assertEquals(
        "window = banana, must be a duration like 500ms, 30s, 5m, 1h30m, 2d, 1.5s or PT90S in [1s; 7d]",
        new JsonObject(r.body()).getString("error"));
    r = get("/api/v1/functions?window=8d");
    assertEquals(400, r.statusCode());
    assertEquals("window = 8d, must be in [1s; 7d]", new JsonObject(r.body()).getString("error"));
  }

  @Test
  void oneFunctionByEncodedOrPlainKeyWithSeries() throws Exception {
    for (String path :
        new String[] {"/api/v1/functions/shop%2Fcheckout", "/api/v1/functions/shop/checkout"}) {
      HttpResponse<String> r = get(path + "?seconds=20&minutes=3");
      assertEquals(200, r.statusCode(), path + ": " + r.body());
      JsonObject o = new JsonObject(r.body());
      assertEquals("shop/checkout", o.getString("function"));
      assertEquals(Map.of("k8s.namespace.name", "shop"), o.getJsonObject("labels").getMap());
      JsonObject sec = o.getJsonObject("seconds");
      assertEquals(T0 + 81, sec.getLong("startEpochSecond"));
      JsonArray arrivals = sec.getJsonArray("arrivals");
      assertEquals(20, arrivals.size());
      assertEquals(0, arrivals.getLong(8));
      assertEquals(1, arrivals.getLong(9)); // T0 + 90
      assertEquals(0.5, sec.getJsonArray("concurrency").getDouble(9), 1e-9);
      JsonObject min = o.getJsonObject("minutes");
      assertEquals(60, min.getInteger("stepSeconds"));
      long arrivalsInMinutes = 0;
      for (Object a : min.getJsonArray("arrivals")) {
        arrivalsInMinutes += ((Number) a).longValue();
      }
      assertEquals(10, arrivalsInMinutes);
    }
  }

  @Test
  void unknownFunctionIs404WithJson() throws Exception {
    HttpResponse<String> r = get("/api/v1/functions/nope%2Fmissing");
    assertEquals(404, r.statusCode());
    assertEquals(
        "function 'nope/missing' is not tracked", new JsonObject(r.body()).getString("error"));
  }

  @Test
  void prometheusSeriesWithClassicBucketsAndCardinalityCap() throws Exception {
    String text = get("/metrics").body();
    assertTrue(
        text.contains(
            "prescale_function_invocations_total{function=\"shop/checkout\",namespace=\"shop\"} 10"),
        text);
    assertTrue(
        text.contains("prescale_function_invocations_total{function=\"__other__\"} 1"), text);
    assertFalse(text.contains("function=\"resize\""), text);
    assertTrue(
        text.contains(
            "prescale_function_duration_seconds_bucket{function=\"shop/checkout\",namespace=\"shop\",le=\"0.25\"} 0"),
        text);
    assertTrue(
        text.contains(
            "prescale_function_duration_seconds_bucket{function=\"shop/checkout\",namespace=\"shop\",le=\"0.5\"} 10"),
        text);
    assertTrue(
        text.contains(
            "prescale_function_duration_seconds_bucket{function=\"shop/checkout\",namespace=\"shop\",le=\"+Inf\"} 10"),
        text);
    assertTrue(
        text.contains(
            "prescale_function_cold_starts_total{function=\"shop/checkout\",namespace=\"shop\"} 1"),
        text);
    assertTrue(
        text.contains(
            "prescale_function_errors_total{function=\"shop/checkout\",namespace=\"shop\"} 1"),
        text);
    assertTrue(text.contains("prescale_functions_tracked 2"), text);
    assertTrue(
        text.contains(
            "prescale_function_concurrency{function=\"shop/checkout\",namespace=\"shop\"} 0.5"),
        text);
  }
}
