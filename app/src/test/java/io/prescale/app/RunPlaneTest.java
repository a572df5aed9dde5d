package io.prescale.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.collector.http.ApiServer;
import io.prescale.collector.otlp.OtlpServers;
import io.prescale.core.time.TimeSource;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/** The plane `prescale run` starts, on ephemeral ports: OTLP in, API out. */
class RunPlaneTest {
  @Test
  void runPlaneServesOtlpAndApi() throws Exception {
    RunCommand cmd = new RunCommand();
    new CommandLine(cmd)
        .parseArgs(
            "--otlp-http-port",
            "0",
            "--otlp-grpc-port",
            "0",
            "--http-port",
            "0",
            "--event-loops",
            "1");
    Vertx vertx = Vertx.vertx();
    ControlPlaneContext ctx =
        new ControlPlaneContext(
            vertx, Router.router(vertx), new PrometheusRegistry(), TimeSource.system());
    ControlPlane plane = cmd.controlPlane(ctx, cmd.otlpOptions());
    try {
      plane.start();
      int otlp = ctx.get(OtlpServers.class).httpPort();
      int api = ctx.get(ApiServer.class).actualPort();
      HttpClient http = HttpClient.newHttpClient();
      String json =
          "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"faas.name\",\"value\":{\"stringValue\":\"run-fn\"}},"
              + "{\"key\":\"k8s.namespace.name\",\"value\":{\"stringValue\":\"shop\"}}]},"
              + "\"scopeSpans\":[{\"spans\":[{\"traceId\":\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"eee19b7ec3c1b174\","
              + "\"name\":\"x\",\"kind\":2,\"startTimeUnixNano\":\""
              + (nowNanos() - 100_000_000L)
              + "\",\"endTimeUnixNano\":\""
              + nowNanos()
              + "\"}]}]}]}";
      HttpResponse<String> post =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + otlp + "/v1/traces"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(json))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, post.statusCode(), post.body());
      assertEquals(200, get(http, api, "/readyz").statusCode());
      String functions = get(http, api, "/api/v1/functions").body();
      assertTrue(functions.contains("\"function\":\"shop/run-fn\""), functions);
      String metrics = get(http, api, "/metrics").body();
      assertTrue(metrics.contains("prescale_otlp_received_items_total"));
      // function keeps the whole key, namespace is added
      assertTrue(
          metrics.contains(
              "prescale_function_invocations_total{function=\"shop/run-fn\",namespace=\"shop\"} 1.0"),
          metrics);
      // self-metrics: JVM and process collectors, build info, and the built-in policy counts as
      // loaded
      assertTrue(metrics.contains("\njvm_memory_used_bytes{area=\"heap\"}"), metrics);
      assertTrue(metrics.contains("\nprocess_cpu_seconds_total "), metrics);
      assertTrue(
          metrics.contains(
              "\nprescale_build_info{java_version=\""
                  + Runtime.version()
                  + "\",version=\"dev\"} 1"),
          metrics);
      assertTrue(metrics.contains("\nprescale_policy_last_reload_success 1"), metrics);
      assertTrue(metrics.contains("\nprescale_policy_active_version 0"), metrics);
      assertTrue(metrics.contains("\nprescale_policy_reload_errors_total 0"), metrics);
    } finally {
      plane.stop();
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static long nowNanos() {
    Instant now = TimeSource.system().instant();
    return now.getEpochSecond() * 1_000_000_000L + now.getNano();
  }

  private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
