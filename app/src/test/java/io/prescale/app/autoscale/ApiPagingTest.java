package io.prescale.app.autoscale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.adapter.engine.EngineConfig;
import io.prescale.adapter.engine.ScalingEngine;
import io.prescale.app.ControlPlaneContext;
import io.prescale.app.adapters.AdapterComponent;
import io.prescale.collector.http.ApiServer;
import io.prescale.collector.window.FunctionStore;
import io.prescale.core.FunctionKey;
import io.prescale.core.time.ManualTimeSource;
import io.prescale.policy.PolicyLoader;
import io.prescale.policy.PolicyProvider;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * 2,500 functions decided once (fixed mode, dry-run adapter): the decisions and the actions'
 * targets come in bounded pages that together list each once, and the per-function series of
 * /metrics stay within the top-N cap.
 */
class ApiPagingTest {
  private static final int FUNCTIONS = 2500;
  private static final String POLICY =
      """
      defaults:
        mode: fixed
        minInstances: 1
      """;

  private final ManualTimeSource time = new ManualTimeSource(Instant.parse("2026-03-02T10:00:00Z"));
  private final HttpClient http = HttpClient.newHttpClient();
  private Vertx vertx;
  private ControlPlaneContext ctx;
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
    FunctionStore store = FunctionStore.withDefaults();
    for (int i = 0; i < FUNCTIONS; i++) {
      store.getOrCreate(FunctionKey.of("ns-" + (i % 5) + "/fn-" + i), time.epochNanos());
    }
    ctx.put(FunctionStore.class, store);
    adapters = new AdapterComponent(Map.of(), EngineConfig.defaults());
    adapters.start(ctx);
    autoscaler = new AutoscalerComponent(Duration.ofSeconds(2), false);
    autoscaler.start(ctx);
    api = new ApiServer(vertx, router, registry, "127.0.0.1", 0, () -> true);
    api.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    time.advance(Duration.ofSeconds(1));
    assertEquals(FUNCTIONS, autoscaler.tick().decided());
    ctx.get(ScalingEngine.class).awaitQuiet(Duration.ofSeconds(10));
  }

  @AfterEach
  void tearDown() throws Exception {
    autoscaler.stop();
    adapters.stop();
    api.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.actualPort() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Every page from the first, each at most {@code limit} long; the items' names in order. */
  private List<String> walk(
      String path,
      String limitParam,
      int limit,
      String afterParam,
      String array,
      String nextField,
      Function<JsonObject, String> name)
      throws Exception {
    List<String> seen = new ArrayList<>();
    String after = null;
    for (int pages = 0; pages < 20; pages++) {
      HttpResponse<String> r =
          get(
              path
                  + "?"
                  + limitParam
                  + "="
                  + limit
                  + (after == null
                      ? ""
                      : "&" + afterParam + "=" + URLEncoder.encode(after, StandardCharsets.UTF_8)));
      assertEquals(200, r.statusCode(), r.body());
      JsonObject body = new JsonObject(r.body());
      JsonArray items = body.getJsonArray(array);
      assertTrue(items.size() <= limit, "page of " + items.size());
      items.forEach(o -> seen.add(name.apply((JsonObject) o)));
      after = body.getString(nextField);
      if (after == null) {
        return seen;
      }
    }
    throw new AssertionError("more than 20 pages");
  }

  private static void assertEachOnceInOrder(List<String> seen) {
    assertEquals(FUNCTIONS, seen.size());
    assertEquals(FUNCTIONS, seen.stream().distinct().count(), "none twice");
    List<String> sorted = new ArrayList<>(seen);
    sorted.sort(null);
    assertEquals(sorted, seen);
  }

  @Test
  void decisionsComeInBoundedPagesThatListEveryFunctionOnce() throws Exception {
    JsonObject first = new JsonObject(get("/api/v1/decisions").body());
    assertEquals(1000, first.getJsonArray("decisions").size(), "default limit");
    assertEquals(FUNCTIONS, first.getInteger("total"));
    assertEachOnceInOrder(
        walk(
            "/api/v1/decisions",
            "limit",
            900,
            "after",
            "decisions",
            "next",
            o -> o.getString("function")));
    HttpResponse<String> bad = get("/api/v1/decisions?limit=20000");
    assertEquals(400, bad.statusCode());
    assertEquals(
        "limit = 20000, must be in [1; 10000]", new JsonObject(bad.body()).getString("error"));
  }

  @Test
  void actionTargetsComeInBoundedPagesWithTheEnginesBound() throws Exception {
    JsonObject first = new JsonObject(get("/api/v1/actions?limit=5").body());
    assertEquals(1000, first.getJsonArray("targets").size(), "default target page");
    assertEquals(
        new JsonObject().put("tracked", FUNCTIONS).put("max", 100_000).put("rejected", 0),
        first.getJsonObject("targetLimits"));
    assertTrue(first.getJsonArray("actions").size() <= 5);
    List<String> targets =
        walk(
            "/api/v1/actions",
            "targetLimit",
            1000,
            "targetsAfter",
            "targets",
            "targetsNext",
            o -> o.getString("function"));
    assertEquals(FUNCTIONS, targets.size());
    assertEquals(FUNCTIONS, targets.stream().distinct().count());
    HttpResponse<String> bad = get("/api/v1/actions?targetLimit=0");
    assertEquals(400, bad.statusCode());
    assertEquals(
        "targetLimit = 0, must be in [1; 10000]", new JsonObject(bad.body()).getString("error"));
  }

  @Test
  void perFunctionSeriesStayWithinTheTopNCap() throws Exception {
    String metrics = get("/metrics").body();
    Matcher m =
        Pattern.compile("(?m)^(prescale_[a-z_]+)\\{[^}]*function=\"[^\"]*\"").matcher(metrics);
    Map<String, Integer> perName = new TreeMap<>();
    while (m.find()) {
      perName.merge(m.group(1), 1, Integer::sum);
    }
    assertTrue(perName.containsKey("prescale_desired_instances"), perName.toString());
    assertTrue(perName.containsKey("prescale_actual_instances"), perName.toString());
    perName.forEach(
        (name, n) -> assertTrue(n <= 201, name + " has " + n + " series with a function label"));
    assertTrue(
        metrics.contains("prescale_desired_instances{function=\"__other__\"} 2300.0"),
        "2300 x 1 summed");
    assertTrue(metrics.contains("prescale_adapter_targets 2500.0"), "tracked targets");
    assertTrue(metrics.contains("prescale_adapter_targets_max 100000.0"));
  }
}
