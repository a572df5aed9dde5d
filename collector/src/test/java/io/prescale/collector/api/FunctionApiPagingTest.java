package io.prescale.collector.api;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.collector.http.ApiServer;
import io.prescale.collector.window.FunctionStore;
import io.prescale.core.FunctionKey;
import io.prescale.core.time.ManualTimeSource;
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
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * {@code GET /api/v1/functions} over 2,500 functions: bounded pages that together list each once.
 */
class FunctionApiPagingTest {
  static final int FUNCTIONS = 2500;
  static Vertx vertx;
  static ApiServer server;
  static int port;
  static final ManualTimeSource TIME = new ManualTimeSource(Instant.ofEpochSecond(1_800_000_000L));
  static final FunctionStore STORE = FunctionStore.withDefaults();
  static final HttpClient CLIENT = HttpClient.newHttpClient();

  @BeforeAll
  static void start() throws Exception {
    for (int i = 0; i < FUNCTIONS; i++) { // ns-N/fn-M: keys with '/' sort and page like any other
      STORE.getOrCreate(FunctionKey.of("ns-" + (i % 7) + "/fn-" + i), TIME.epochNanos());
    }
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    new FunctionApi(STORE, TIME).mount(router);
    server = new ApiServer(vertx, router, new PrometheusRegistry(), "127.0.0.1", 0, () -> true);
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
  void theDefaultPageIsBoundedTo1000() throws Exception {
    JsonObject body = new JsonObject(get("/api/v1/functions").body());
    assertEquals(1000, body.getJsonArray("functions").size());
    assertEquals(1000, body.getInteger("count"));
    assertEquals(FUNCTIONS, body.getInteger("tracked"));
    assertTrue(body.getBoolean("truncated"));
    assertEquals(
        body.getJsonArray("functions").getJsonObject(999).getString("function"),
        body.getString("next"));
  }

  @Test
  void walkingThePagesListsEveryFunctionOnceInKeyOrder() throws Exception {
    List<String> seen = new ArrayList<>();
    String after = null;
    int pages = 0;
    do {
      String path =
          "/api/v1/functions?limit=700"
              + (after == null ? "" : "&after=" + URLEncoder.encode(after, StandardCharsets.UTF_8));
      HttpResponse<String> r = get(path);
      assertEquals(200, r.statusCode(), r.body());
      JsonObject body = new JsonObject(r.body());
      JsonArray fns = body.getJsonArray("functions");
      assertTrue(fns.size() <= 700, "page of " + fns.size());
      fns.forEach(o -> seen.add(((JsonObject) o).getString("function")));
      after = body.getString("next");
      pages++;
    } while (after != null && pages < 10);
    assertEquals(4, pages, "2500 / 700 rounded up");
    assertEquals(FUNCTIONS, seen.size());
    assertEquals(FUNCTIONS, seen.stream().distinct().count(), "no function twice");
    List<String> sorted = new ArrayList<>(seen);
    sorted.sort(null);
    assertEquals(sorted, seen, "key order across pages");
  }

  @Test
  void thePageAfterTheLastKeyIsEmptyWithoutNext() throws Exception {
    JsonObject body = new JsonObject(get("/api/v1/functions?after=zzz").body());
    assertEquals(0, body.getJsonArray("functions").size());
    assertNull(body.getString("next"));
  }

  @Test
  void aBadLimitNamesTheParameterTheValueAndTheRange() throws Exception {
    HttpResponse<String> zero = get("/api/v1/functions?limit=0");
    assertEquals(400, zero.statusCode());
    assertEquals(
        "limit = 0, must be in [1; 10000]", new JsonObject(zero.body()).getString("error"));
    HttpResponse<String> big = get("/api/v1/functions?limit=10001");
    assertEquals(400, big.statusCode());
    assertEquals(
        "limit = 10001, must be in [1; 10000]", new JsonObject(big.body()).getString("error"));
    assertEquals(
        "limit = x, must be an integer in [1; 10000]",
        new JsonObject(get("/api/v1/functions?limit=x").body()).getString("error"));
  }
}
