package io.prescale.app.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.adapter.engine.EngineConfig;
import io.prescale.adapter.engine.ScalingEngine;
import io.prescale.adapter.spi.ApplyOutcome;
import io.prescale.app.ControlPlaneContext;
import io.prescale.autoscaler.loop.DecisionSink;
import io.prescale.core.FunctionKey;
import io.prescale.core.decide.AdapterBinding;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.time.EpochNanos;
import io.prescale.core.time.TimeSource;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
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
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

class AdapterComponentTest {
  private Vertx vertx;
  private ControlPlaneContext ctx;
  private AdapterComponent component;
  private HttpServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void setUp() throws Exception {
    vertx = Vertx.vertx();
    Router router = Router.router(vertx);
    ctx = new ControlPlaneContext(vertx, router, new PrometheusRegistry(), TimeSource.system());
    component = new AdapterComponent(Map.of(), EngineConfig.defaults());
    component.start(ctx);
    server =
        vertx
            .createHttpServer()
            .requestHandler(router)
            .listen(0, "127.0.0.1")
            .toCompletionStage()
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
  }

  @AfterEach
  void tearDown() throws Exception {
    component.stop();
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + server.actualPort() + path))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void appliesDecisionsToTheSpecsBindingAndServesTheAuditLog() throws Exception {
    DeciderSpec spec =
        DeciderSpec.builder()
            .maxInstances(5)
            .adapter(new AdapterBinding("dry-run", Map.of("name", "checkout")))
            .build();
    long now = EpochNanos.of(Instant.parse("2026-01-01T00:00:00Z"));
    ApplyOutcome o =
        ctx.get(ScalingEngine.class)
            .submit(
                spec,
                ScaleDecision.of(FunctionKey.of("shop/checkout"), now, 9, "kpa", "busy", Map.of()))
            .toCompletableFuture()
            .get(10, TimeUnit.SECONDS);
    assertEquals(ApplyOutcome.Kind.SCALED, o.kind());
    assertEquals(
        9,
        o.to(),
        "the engine applies only the platform's bounds; the spec's max is the decision step's");
    DeciderSpec unknown =
        DeciderSpec.builder().adapter(new AdapterBinding("nomad", Map.of())).build();
    ctx.get(DecisionSink.class)
        .accept(ScaleDecision.of(FunctionKey.of("resize"), now, 1, "kpa", "r", Map.of()), unknown);

    HttpResponse<String> r = get("/api/v1/actions");
    assertEquals(200, r.statusCode());
    JsonObject body = new JsonObject(r.body());
    JsonArray actions = body.getJsonArray("actions");
    assertEquals(2, actions.size(), r.body());
    JsonObject rejected = actions.getJsonObject(0);
    assertEquals("resize", rejected.getString("function"));
    assertEquals("rejected", rejected.getString("outcome"));
    assertTrue(
        rejected.getString("detail").contains("'nomad' is not known"),
        rejected.getString("detail"));
    JsonObject scaled = actions.getJsonObject(1);
    assertEquals("shop/checkout", scaled.getString("function"));
    assertEquals("scaled", scaled.getString("outcome"));
    assertEquals(9, scaled.getInteger("to")); // the spec's max is the decision step's
    assertEquals(2, body.getJsonArray("targets").size());

    JsonObject filtered =
        new JsonObject(get("/api/v1/actions?function=shop/checkout&limit=5").body());
    assertEquals(1, filtered.getJsonArray("actions").size());
    HttpResponse<String> bad = get("/api/v1/actions?limit=0");
    assertEquals(400, bad.statusCode());
    assertTrue(bad.body().contains("limit = 0, must be in [1; 1000]"), bad.body());
  }

  @Test
  void settingsComeFromPrefixedEnvironmentVariablesAndSystemProperties() {
    AdapterSettings s =
        new AdapterSettings(
            Map.of(
                "PRESCALE_ADAPTER_AWS_LAMBDA_ENDPOINT",
                "http://127.0.0.1:1",
                "PRESCALE_ADAPTER_KEDA_PORT",
                "9000",
                "PRESCALE_ADAPTER_OPENFAAS_PASSWORD_FILE",
                "/var/secrets/pw"),
            Map.of("prescale.adapter.keda.port", "9001"));
    assertEquals(Map.of("endpoint", "http://127.0.0.1:1"), s.forAdapter("aws-lambda"));
    assertEquals(Map.of("port", "9001"), s.forAdapter("keda"), "a system property wins");
    assertEquals(Map.of("password-file", "/var/secrets/pw"), s.forAdapter("openfaas"));
  }
}
