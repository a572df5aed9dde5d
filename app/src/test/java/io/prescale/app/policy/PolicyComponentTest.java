package io.prescale.app.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.app.ControlPlaneContext;
import io.prescale.core.FunctionKey;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.time.ManualTimeSource;
import io.prescale.policy.PolicyProvider;
import io.prescale.policy.PolicyWatcher;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The component shares a PolicyProvider and serves GET /api/v1/policy. */
class PolicyComponentTest {
  private static final Instant START = Instant.parse("2026-11-27T08:00:00Z");

  @TempDir Path dir;
  private final Vertx vertx = Vertx.vertx();
  private final ControlPlaneContext ctx =
      new ControlPlaneContext(
          vertx, Router.router(vertx), new PrometheusRegistry(), new ManualTimeSource(START));
  private PolicyComponent component;
  private HttpServer server;

  @AfterEach
  void close() throws Exception {
    if (component != null) {
      component.stop();
    }
    if (server != null) {
      server.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private HttpResponse<String> request(String path) throws Exception {
    if (server == null) {
      server =
          vertx
              .createHttpServer()
              .requestHandler(ctx.router())
              .listen(0, "127.0.0.1")
              .toCompletionStage()
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
    }
    return HttpClient.newHttpClient()
        .send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
                .build(),
            HttpResponse.BodyHandlers.ofString());
  }

  private String get(String path) throws Exception {
    HttpResponse<String> r = request(path);
    assertEquals(200, r.statusCode(), r.body());
    assertEquals("application/json", r.headers().firstValue("content-type").orElse(""));
    return r.body();
  }

  @Test
  void explainsOneFunctionOverHttp() throws Exception {
    Path f = dir.resolve("p.yaml");
    Files.writeString(
        f,
        "policies:\n  - name: shop\n    match: { labels: { ns: shop } }\n    minInstances: 2\n"
            + "    schedules: [ { days: fri, from: \"09:00\", to: \"17:00\", minInstances: 4 } ]\n");
    component = new PolicyComponent(f);
    component.start(ctx);
    String body =
        get("/api/v1/policy/explain?function=shop/cart&label=ns=shop&at=2026-11-27T10:00:00Z");
    assertTrue(body.contains("\"rule\":\"shop (policies[0])\""), body);
    assertTrue(
        body.contains(
            "{\"key\":\"minInstances\",\"value\":\"4\",\"source\":\"schedule 1 of rule shop\"}"),
        body);
    String other = get("/api/v1/policy/explain?function=f");
    assertTrue(
        other.contains(
            "\"skipped\":[\"shop (policies[0]): label ns is absent (wanted \\\"shop\\\")\"]"),
        other);
    HttpResponse<String> bad = request("/api/v1/policy/explain?label=x");
    assertEquals(400, bad.statusCode());
    assertEquals("function is required, e.g. ?function=shop/checkout-api\n", bad.body());
    assertEquals(400, request("/api/v1/policy/explain?function=f&at=noon").statusCode());
  }

  @Test
  void withAFileItServesVersionHashAndPendingErrors() throws Exception {
    Path f = dir.resolve("p.yaml");
    Files.writeString(f, "defaults: { maxInstances: 9 }\n");
    component = new PolicyComponent(f, Duration.ZERO); // two polls with the same content load it
    component.start(ctx);
    assertEquals(
        9,
        ctx.get(PolicyProvider.class).specFor(FunctionKey.of("f"), Map.of(), START).maxInstances());
    PolicyWatcher w = ctx.get(PolicyWatcher.class);
    Files.writeString(f, "defaults: { maxInstances: nine }\n");
    w.poll();
    w.poll();
    String body = get("/api/v1/policy");
    assertTrue(body.contains("\"version\":1"), body);
    assertTrue(body.contains("\"sha256\":\"" + w.status().sha256() + "\""), body);
    assertTrue(body.contains("\"loadedAt\":\"2026-11-27T08:00:00Z\""), body);
    assertTrue(body.contains("\"lastReloadSuccess\":false"), body);
    assertTrue(
        body.contains(
            "defaults.maxInstances = \\\"nine\\\", must be an integer in [1; 2147483647]"),
        body);
  }

  @Test
  void rulesDroppedByAReloadAreShown() throws Exception {
    Path f = dir.resolve("p.yaml");
    Files.writeString(
        f,
        "policies:\n  - name: a\n    match: { function: \"a*\" }\n"
            + "  - name: b\n    match: { function: \"b*\" }\n");
    component = new PolicyComponent(f, Duration.ZERO);
    component.start(ctx);
    assertTrue(get("/api/v1/policy").contains("\"lastReloadRemovedRules\":[]"));
    PolicyWatcher w = ctx.get(PolicyWatcher.class);
    Files.writeString(f, "policies:\n  - name: a\n    match: { function: \"a*\" }\n");
    w.poll();
    w.poll();
    String body = get("/api/v1/policy");
    assertTrue(body.contains("\"version\":2"), body);
    assertTrue(body.contains("\"lastReloadRemovedRules\":[\"b\"]"), body);
  }

  @Test
  void withoutAFileTheBuiltInDefaultsApply() throws Exception {
    component = new PolicyComponent(null);
    component.start(ctx);
    assertEquals(
        DeciderSpec.defaults(),
        ctx.get(PolicyProvider.class).specFor(FunctionKey.of("f"), Map.of(), START));
    String body = get("/api/v1/policy");
    assertTrue(body.contains("\"source\":\"built-in\""), body);
    assertTrue(body.contains("\"version\":0"), body);
  }

  @Test
  void anInvalidFileStopsTheStartWithEveryError() throws Exception {
    Path f = dir.resolve("p.yaml");
    Files.writeString(f, "defaults: { minInstances: -1 }\n");
    component = new PolicyComponent(f);
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> component.start(ctx));
    assertEquals(
        "--config "
            + f
            + " is invalid (1 error):\n"
            + f
            + ":1:27: defaults.minInstances = -1, must be in [0; 2147483647]",
        e.getMessage());
  }
}
