package io.prescale.app.autoscale;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.app.ControlPlane;
import io.prescale.app.ControlPlaneContext;
import io.prescale.app.RunCommand;
import io.prescale.autoscaler.loop.AutoscalerLoop;
import io.prescale.autoscaler.loop.ScheduledAutoscaler;
import io.prescale.collector.http.ApiServer;
import io.prescale.collector.otlp.OtlpServers;
import io.prescale.core.FunctionKey;
import io.prescale.core.time.TimeSource;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;
import picocli.CommandLine;

/**
 * {@code prescale run}'s plane carries the autoscaler: OTLP in, a decision out at
 * /api/v1/decisions.
 */
class RunPlaneDecisionsTest {
  @Test
  void theRunPlaneDecidesAFunctionThatShowsUpInOtlpTraffic() throws Exception {
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
    TimeSource time = TimeSource.system();
    ControlPlaneContext ctx =
        new ControlPlaneContext(vertx, Router.router(vertx), new PrometheusRegistry(), time);
    ControlPlane plane = cmd.controlPlane(ctx, cmd.otlpOptions());
    try {
      plane.start();
      AutoscalerLoop loop = ctx.get(AutoscalerLoop.class);
      assertEquals(
          loop,
          ctx.get(ScheduledAutoscaler.class).loop(),
          "the demo finds the same loop either way");
      int otlp = ctx.get(OtlpServers.class).httpPort();
      int api = ctx.get(ApiServer.class).actualPort();
      HttpClient http = HttpClient.newHttpClient();
      long now = time.epochNanos();
      String json =
          "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"faas.name\",\"value\":{\"stringValue\":\"run-fn\"}}]},"
              + "\"scopeSpans\":[{\"spans\":[{\"traceId\":\"5b8efff798038103d269b633813fc60c\",\"spanId\":\"eee19b7ec3c1b174\","
              + "\"name\":\"x\",\"kind\":2,\"startTimeUnixNano\":\""
              + (now - 300_000_000L)
              + "\",\"endTimeUnixNano\":\""
              + (now - 200_000_000L)
              + "\"}]}]}]}";
      HttpResponse<String> post =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + otlp + "/v1/traces"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(json))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, post.statusCode(), post.body());
      FunctionKey fn = FunctionKey.of("run-fn");
      for (int i = 0; i < 100 && ctx.functionStore().get(fn) == null; i++) {
        Thread.sleep(100); // bounded wait for the ingest thread; nothing below is timed
      }
      loop.tick(time.instant()); // decides now rather than waiting for the schedule
      assertTrue(loop.latestDecision(fn).isPresent(), "run-fn decided: " + loop.latestDecisions());

      HttpResponse<String> one = get(http, api, "/api/v1/decisions/run-fn");
      assertEquals(200, one.statusCode(), one.body());
      JsonObject d = new JsonObject(one.body());
      assertEquals(
          "predictive", d.getString("decider"), "the built-in policy's mode: " + one.body());
      assertEquals("built-in", d.getString("rule"), one.body());
      assertTrue(get(http, api, "/api/v1/decisions").body().contains("\"function\":\"run-fn\""));
      assertTrue(
          get(http, api, "/metrics")
              .body()
              .contains("prescale_decision_duration_seconds_count{decider=\"predictive\"}"));
    } finally {
      plane.stop();
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  private static HttpResponse<String> get(HttpClient http, int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
