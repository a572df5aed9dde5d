package io.prescale.collector.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.handler.BodyHandler;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

class ApiServerTest {
  private static final HttpClient HTTP = HttpClient.newHttpClient();
  private static final AtomicBoolean READY = new AtomicBoolean();
  private static Vertx vertx;
  private static ApiServer api;

  @BeforeAll
  static void start() throws Exception {
    vertx = Vertx.vertx();
    PrometheusRegistry registry = new PrometheusRegistry();
    Counter c = Counter.builder().name("test_things").help("things").register(registry);
    c.inc(3);
    Router router = Router.router(vertx);
    router.get("/api/v1/ping").handler(rc -> rc.response().end("pong"));
    router
        .get("/api/v1/broken")
        .handler(
            rc -> {
              throw new IllegalStateException("bug");
            });
    router
        .get("/api/v1/number")
        .handler(
            rc -> rc.response().end(String.valueOf(Integer.parseInt(rc.request().getParam("n")))));
    router
        .post("/api/v1/echo")
        .handler(BodyHandler.create(false).setBodyLimit(16))
        .handler(rc -> rc.response().end(rc.body().buffer()));
    api = new ApiServer(vertx, router, registry, "127.0.0.1", 0, READY::get);
    api.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  @AfterAll
  static void stop() throws Exception {
    api.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  private static HttpResponse<String> get(String path, String accept) throws Exception {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + api.actualPort() + path));
    if (accept != null) {
      b.header("Accept", accept);
    }
    return HTTP.send(b.build(), HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void healthAndReadiness() throws Exception {
    assertEquals(200, get("/healthz", null).statusCode());
    READY.set(false);
    assertEquals(503, get("/readyz", null).statusCode());
    READY.set(true);
    assertEquals(200, get("/readyz", null).statusCode());
    assertEquals("pong", get("/api/v1/ping", null).body(), "routes mounted by others are served");
  }

  @Test
  void errorsAnswerJson() throws Exception {
    HttpResponse<String> missing = get("/nope", null);
    assertEquals(404, missing.statusCode());
    assertEquals("{\"error\":\"Not Found\",\"status\":404,\"path\":\"/nope\"}", missing.body());
    assertEquals(500, get("/api/v1/broken", null).statusCode());
    // a value the client sent that a route cannot use is the client's mistake: 400, not 500
    HttpResponse<String> bad = get("/api/v1/number?n=abc", null);
    assertEquals(400, bad.statusCode(), bad.body());
    assertEquals(
        "{\"error\":\"Bad Request\",\"status\":400,\"path\":\"/api/v1/number\"}", bad.body());
    HttpResponse<String> big =
        HTTP.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + api.actualPort() + "/api/v1/echo"))
                .POST(HttpRequest.BodyPublishers.ofString("x".repeat(1000)))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(413, big.statusCode());
    assertTrue(big.body().contains("\"status\":413"), big.body());
    assertEquals(200, get("/healthz", null).statusCode());
  }

  @Test
  void prometheusTextByDefault() throws Exception {
    HttpResponse<String> r = get("/metrics", null);
    assertEquals(200, r.statusCode());
    assertTrue(
        r.headers().firstValue("content-type").orElse("").startsWith("text/plain; version=0.0.4"));
    assertTrue(r.body().contains("test_things_total 3.0"), r.body());
  }

  @Test
  void openMetricsWhenAsked() throws Exception {
    HttpResponse<String> r =
        get("/metrics", "application/openmetrics-text; version=1.0.0; charset=utf-8");
    assertEquals(200, r.statusCode());
    assertTrue(
        r.headers()
            .firstValue("content-type")
            .orElse("")
            .startsWith("application/openmetrics-text"));
    assertTrue(r.body().endsWith("# EOF\n"), r.body());
  }

  @Test
  void protobufRequestFallsBackToText() throws Exception {
    HttpResponse<String> r =
        get(
            "/metrics",
            "application/vnd.google.protobuf;proto=io.prometheus.client.MetricFamily;encoding=delimited");
    assertEquals(200, r.statusCode());
    assertTrue(r.body().contains("test_things_total"), r.body());
  }
}
