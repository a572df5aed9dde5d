package io.prescale.app.sources;

import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import io.prescale.app.ControlPlane;
import io.prescale.app.ControlPlaneContext;
import io.prescale.app.RunCommand;
import io.prescale.collector.http.ApiServer;
import io.prescale.core.time.TimeSource;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;
import picocli.CommandLine;

/**
 * {@code prescale run --config policy.yaml --data-dir DIR} with a {@code sources.openwhisk} section
 * polls the (WireMock) OpenWhisk API at start: the activations become a function in {@code
 * /api/v1/functions}, {@code /api/v1/sources/openwhisk} shows the poll, the cursor file is written.
 */
class OpenWhiskSourceComponentTest {
  @TempDir Path dir;

  @Test
  void runPollsTheConfiguredNamespaceIntoTheWindows() throws Exception {
    WireMockServer wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    wm.start();
    long now = TimeSource.system().instant().toEpochMilli();
    ArrayNode list = new ObjectMapper().createArrayNode();
    for (int i = 0; i < 5; i++) {
      list.add(
          OpenWhiskEndToEndTest.activation(
              "0000000000000000000000000000000" + i, now - 5000 + i * 500, 120, i == 0));
    }
    wm.stubFor(
        get(urlPathEqualTo("/api/v1/namespaces/guest/activations"))
            .willReturn(okJson(list.toString())));
    Path auth = dir.resolve("auth");
    Files.writeString(
        auth,
        "23bc46b1-71f6-4ed5-8c54-816aa4f8c502:123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP\n");
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(
        policy,
        """
        sources:
          openwhisk:
            apiHost: %s
            authFile: %s
            namespaces: [guest]
            pollInterval: 1s
        defaults:
          mode: predictive
        """
            .formatted(wm.baseUrl(), auth));
    RunCommand cmd = new RunCommand();
    new CommandLine(cmd)
        .parseArgs(
            "--config",
            policy.toString(),
            "--data-dir",
            dir.resolve("data").toString(),
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
      int api = ctx.get(ApiServer.class).actualPort();
      HttpClient http = HttpClient.newHttpClient();
      String functions = "";
      for (int i = 0; i < 100 && !functions.contains("guest/shop/checkout"); i++) {
        Thread.sleep(100);
        functions = fetch(http, api, "/api/v1/functions").body();
      }
      assertTrue(functions.contains("\"function\":\"guest/shop/checkout\""), functions);
      HttpResponse<String> status = fetch(http, api, "/api/v1/sources/openwhisk");
      assertEquals(200, status.statusCode());
      JsonNode ns = new ObjectMapper().readTree(status.body()).get("namespaces").get(0);
      assertEquals("guest", ns.get("namespace").asText(), status.body());
      assertEquals(5, ns.get("taken").asInt(), status.body());
      assertTrue(Files.exists(dir.resolve("data").resolve("openwhisk-source.json")));
      String metrics = fetch(http, api, "/metrics").body();
      assertTrue(
          metrics.contains(
              "prescale_openwhisk_activations_total{namespace=\"guest\",outcome=\"success\"} 5.0"),
          metrics);
      assertTrue(
          wm.findAll(getRequestedFor(urlPathEqualTo("/api/v1/namespaces/guest/activations"))).size()
              >= 1);
    } finally {
      plane.stop();
      vertx.close().toCompletionStage().toCompletableFuture().get();
      wm.stop();
    }
  }

  static HttpResponse<String> fetch(HttpClient http, int port, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
