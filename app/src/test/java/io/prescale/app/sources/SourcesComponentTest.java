package io.prescale.app.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.api.model.PodListBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.prescale.app.ControlPlaneContext;
import io.prescale.app.policy.PolicyComponent;
import io.prescale.collector.extract.CollectorSink;
import io.prescale.collector.ingest.TelemetrySink;
import io.prescale.collector.window.FunctionStore;
import io.prescale.core.time.TimeSource;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import io.vertx.ext.web.Router;
import java.io.ByteArrayOutputStream;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The sources component on its own: a static source and a kubernetes source whose listing fails
 * (the API server answers 403) are both reported by {@code GET /api/v1/sources} and the metrics,
 * nothing stops; once the API server lists the pods, the source has their targets.
 */
@EnableKubernetesMockClient
class SourcesComponentTest {
  static KubernetesMockServer server;
  static KubernetesClient client;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final String PODS =
      "/api/v1/namespaces/shop/pods?labelSelector=serving.knative.dev%2Fservice%3Dhello";

  @TempDir Path dir;
  private final Vertx vertx = Vertx.vertx();
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private final ControlPlaneContext ctx =
      new ControlPlaneContext(vertx, Router.router(vertx), registry, TimeSource.system());
  private PolicyComponent policy;
  private SourcesComponent sources;
  private HttpServer http;

  @AfterEach
  void close() throws Exception {
    if (sources != null) {
      sources.stop();
    }
    if (policy != null) {
      policy.stop();
    }
    if (http != null) {
      http.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
  }

  @Test
  void failingDiscoveryIsReportedAndRecovers() throws Exception {
    server.expect().get().withPath(PODS).andReturn(403, "forbidden").always();
    Path file = dir.resolve("policy.yaml");
    Files.writeString(
        file,
        """
        sources:
          prometheus:
            - name: gateway
              static: [ "http://127.0.0.1:1/metrics" ]
              interval: 1s
              timeout: 500ms
            - name: queue-proxy
              kubernetes:
                namespaces: [ shop ]
                selector: serving.knative.dev/service=hello
                port: 1
              interval: 1s
              timeout: 500ms
        """);
    ctx.put(TelemetrySink.class, new CollectorSink(FunctionStore.withDefaults(), ctx.timeSource()));
    get("/healthz-not-routed", 404); // starts the HTTP server first
    policy = new PolicyComponent(file, Duration.ofMillis(100));
    policy.start(ctx);
    sources = new SourcesComponent(() -> client);
    sources.start(ctx);

    JsonNode body = null;
    boolean failedSeen = false;
    boolean recovered = false;
    for (int i = 0; i < 60 && !recovered; i++) {
      Thread.sleep(100);
      body = get("/api/v1/sources");
      JsonNode kn = body.path("sources").get(1);
      if (!failedSeen
          && kn != null
          && kn.path("discovery").path("error").asText().contains("Forbidden")) {
        failedSeen = true;
        assertEquals(0, kn.path("targets").size(), "no targets yet: " + body);
        server.reset(); // the API server now lists the pod
        server
            .expect()
            .get()
            .withPath(PODS)
            .andReturn(
                200,
                new PodListBuilder()
                    .addToItems(
                        new PodBuilder()
                            .withNewMetadata()
                            .withName("hello-1")
                            .withNamespace("shop")
                            .endMetadata()
                            .withNewSpec()
                            .endSpec()
                            .withNewStatus()
                            .withPhase("Running")
                            .withPodIP("127.0.0.1")
                            .withStartTime("2026-12-06T10:00:00Z")
                            .endStatus()
                            .build())
                    .build())
            .always();
      }
      recovered =
          failedSeen
              && kn.path("discovery").path("error").asText().isEmpty()
              && kn.path("targets").size() == 1;
    }
    assertTrue(failedSeen, "the 403 was reported: " + body);
    assertTrue(recovered, "the next listing found the pod: " + body);
    JsonNode kn = body.path("sources").get(1);
    assertEquals("kubernetes", kn.path("kind").asText());
    assertEquals("pod", kn.path("discovery").path("role").asText());
    assertEquals("http://127.0.0.1:1/metrics", kn.path("targets").get(0).path("url").asText());
    JsonNode gateway = body.path("sources").get(0);
    assertEquals("static", gateway.path("kind").asText());
    assertEquals("1s", gateway.path("interval").asText());
    assertEquals("500ms", gateway.path("timeout").asText());

    for (int i = 0; i < 50; i++) {
      if (get("/api/v1/sources")
          .path("sources")
          .get(0)
          .path("targets")
          .get(0)
          .path("health")
          .asText()
          .equals("down")) {
        break;
      }
      Thread.sleep(200);
    }
    String metrics = metrics();
    assertTrue(
        metrics.matches(
            "(?s).*prescale_scrape_discovery_errors_total\\{source=\"queue-proxy\"\\} [1-9].*"),
        metrics);
    assertTrue(
        metrics.contains("prescale_scrape_requests_total{outcome=\"refused\",source=\"gateway\"}"),
        metrics);
  }

  private JsonNode get(String path) throws Exception {
    return JSON.readTree(get(path, 200));
  }

  private String get(String path, int status) throws Exception {
    if (http == null) {
      http =
          vertx
              .createHttpServer()
              .requestHandler(ctx.router())
              .listen(0, "127.0.0.1")
              .toCompletionStage()
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
    }
    HttpResponse<String> r =
        HttpClient.newHttpClient()
            .send(
                HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + http.actualPort() + path))
                    .build(),
                HttpResponse.BodyHandlers.ofString());
    assertEquals(status, r.statusCode(), r.body());
    return r.body();
  }

  private String metrics() throws Exception {
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }
}
