package io.prescale.app.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.api.metrics.DoubleHistogram;
import io.opentelemetry.api.metrics.LongGauge;
import io.opentelemetry.api.metrics.Meter;
import io.opentelemetry.exporter.otlp.http.metrics.OtlpHttpMetricExporter;
import io.opentelemetry.sdk.metrics.SdkMeterProvider;
import io.opentelemetry.sdk.metrics.export.PeriodicMetricReader;
import io.opentelemetry.sdk.resources.Resource;
import io.prescale.app.ChildRun;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end without instrumentation: {@code prescale run --config examples/knative.yaml} in its
 * own JVM, fed only what Knative 1.19+ queue-proxies push over OTLP/HTTP ({@code
 * kn.serving.invocation.duration}, {@code kn.serving.queue.depth} on the queue-proxy's resource,
 * exported by the real OpenTelemetry SDK), sets a {@code min-scale} floor on the Service's ready
 * Revision in fabric8's mock API server (CRUD mode). Waits are bounded.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KnativeQueueProxyEndToEndTest {
  static KubernetesMockServer server;
  static KubernetesClient client;
  private static final String MIN_SCALE = "autoscaling.knative.dev/min-scale";
  private static final ResourceDefinitionContext SERVICES =
      context("serving.knative.dev", "v1", "Service", "services");
  private static final ResourceDefinitionContext REVISIONS =
      context("serving.knative.dev", "v1", "Revision", "revisions");
  private Process process;
  @TempDir Path dir;

  @AfterEach
  void stop() throws Exception {
    if (process != null) {
      process.destroy();
      if (!process.waitFor(20, TimeUnit.SECONDS)) {
        process.destroyForcibly();
      }
    }
  }

  @Test
  void queueProxyMetricsAloneDriveTheExamplePolicyToTheRevision() throws Exception {
    knativeService("media", "image-resize", "image-resize-00001");
    Path kubeconfig = dir.resolve("kubeconfig");
    Files.writeString(
        kubeconfig,
        """
        apiVersion: v1
        kind: Config
        clusters:
          - name: fake
            cluster: { server: "%s" }
        contexts:
          - name: fake
            context: { cluster: fake, user: fake, namespace: media }
        current-context: fake
        users:
          - name: fake
            user: { token: not-a-real-token }
        """
            .formatted(server.url("/").replaceAll("/$", "")));
    Path example = Path.of("..", "examples", "knative.yaml").toAbsolutePath().normalize();
    assertTrue(Files.exists(example), example.toString());
    ProcessBuilder pb = new ProcessBuilder(ChildRun.runCommand(example, "--http-port", "0"));
    pb.environment().put("KUBECONFIG", kubeconfig.toString());
    pb.environment().keySet().removeIf(k -> k.startsWith("KUBERNETES_"));
    ChildRun run = ChildRun.start(pb, "knative-e2e");
    process = run.process();
    assertNull(minScale("image-resize-00001"), "no floor before any traffic");

    String endpoint = "http://127.0.0.1:" + run.otlpPort() + "/v1/metrics";
    try (QueueProxy a = new QueueProxy(endpoint, "image-resize-00001-deployment-5c8d-x2x9q");
        QueueProxy b = new QueueProxy(endpoint, "image-resize-00001-deployment-5c8d-k7vbn")) {
      String floor = null;
      for (int i = 0; i < 120 && floor == null; i++) {
        for (int r = 0; r < 20; r++) {
          a.request(0.8, 200, 30);
          b.request(0.8, r == 0 ? 503 : 200, 30);
        }
        a.flush();
        b.flush();
        Thread.sleep(500);
        floor = minScale("image-resize-00001");
      }
      assertTrue(
          floor != null && Integer.parseInt(floor) >= 1,
          "a floor reached the revision; output:\n" + run.drain());
    }
    HttpClient http = HttpClient.newHttpClient();
    HttpResponse<String> fn =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + run.apiPort()
                            + "/api/v1/functions/media/image-resize"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, fn.statusCode(), fn.body());
    HttpResponse<String> actions =
        http.send(
            HttpRequest.newBuilder(
                    URI.create(
                        "http://127.0.0.1:"
                            + run.apiPort()
                            + "/api/v1/actions?function=media/image-resize"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertTrue(actions.body().contains("\"outcome\":\"scaled\""), actions.body());
  }

  /** One pod's queue-proxy, as knative.dev/serving/pkg/queue/sharedmain sets it up. */
  private static final class QueueProxy implements AutoCloseable {
    private static final AttributeKey<Long> STATUS =
        AttributeKey.longKey("http.response.status_code");
    final SdkMeterProvider provider;
    final DoubleHistogram duration;
    final LongGauge depth;

    QueueProxy(String endpoint, String pod) {
      provider =
          SdkMeterProvider.builder()
              .setResource(
                  Resource.getDefault()
                      .merge(
                          Resource.create(
                              Attributes.builder()
                                  .put("k8s.container.name", "queue-proxy")
                                  .put("k8s.namespace.name", "media")
                                  .put("k8s.pod.name", pod)
                                  .put("service.name", "image-resize")
                                  .put("service.instance.id", pod)
                                  .put("kn.service.name", "image-resize")
                                  .put("kn.configuration.name", "image-resize")
                                  .put("kn.revision.name", "image-resize-00001")
                                  .build())))
              .registerMetricReader(
                  PeriodicMetricReader.builder(
                          OtlpHttpMetricExporter.builder().setEndpoint(endpoint).build())
                      .setInterval(Duration.ofHours(1))
                      .build())
              .build();
      Meter meter = provider.get("knative.dev/serving/pkg/queue");
      duration =
          meter
              .histogramBuilder("kn.serving.invocation.duration")
              .setUnit("s")
              .setExplicitBucketBoundariesAdvice(
                  List.of(
                      0.005, 0.01, 0.025, 0.05, 0.075, 0.1, 0.25, 0.5, 0.75, 1.0, 2.5, 5.0, 7.5,
                      10.0))
              .build();
      depth = meter.gaugeBuilder("kn.serving.queue.depth").setUnit("{request}").ofLongs().build();
    }

    void request(double seconds, long status, long inFlight) {
      depth.set(inFlight);
      duration.record(seconds, Attributes.of(STATUS, status));
    }

    void flush() {
      provider.forceFlush().join(10, TimeUnit.SECONDS);
    }

    @Override
    public void close() {
      provider.shutdown().join(10, TimeUnit.SECONDS);
    }
  }

  private static void knativeService(String ns, String name, String revision) {
    GenericKubernetesResource rev =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("serving.knative.dev/v1")
            .withKind("Revision")
            .withNewMetadata()
            .withName(revision)
            .withNamespace(ns)
            .endMetadata()
            .build();
    rev.setAdditionalProperty("status", Map.of("actualReplicas", 2));
    client.genericKubernetesResources(REVISIONS).inNamespace(ns).resource(rev).create();
    GenericKubernetesResource svc =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("serving.knative.dev/v1")
            .withKind("Service")
            .withNewMetadata()
            .withName(name)
            .withNamespace(ns)
            .endMetadata()
            .build();
    svc.setAdditionalProperty(
        "spec",
        Map.of(
            "template",
            Map.of("spec", Map.of("containers", List.of(Map.of("image", name + ":1"))))));
    svc.setAdditionalProperty(
        "status",
        Map.of("latestReadyRevisionName", revision, "latestCreatedRevisionName", revision));
    client.genericKubernetesResources(SERVICES).inNamespace(ns).resource(svc).create();
  }

  private static String minScale(String revision) {
    GenericKubernetesResource r =
        client.genericKubernetesResources(REVISIONS).inNamespace("media").withName(revision).get();
    Map<String, String> a = r.getMetadata().getAnnotations();
    return a == null ? null : a.get(MIN_SCALE);
  }

  private static ResourceDefinitionContext context(
      String group, String version, String kind, String plural) {
    return new ResourceDefinitionContext.Builder()
        .withGroup(group)
        .withVersion(version)
        .withKind(kind)
        .withPlural(plural)
        .withNamespaced(true)
        .build();
  }
}
