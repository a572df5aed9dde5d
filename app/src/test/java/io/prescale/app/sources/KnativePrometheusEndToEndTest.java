package io.prescale.app.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.sun.net.httpserver.HttpServer;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.api.model.Pod;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.prescale.app.ChildRun;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end for Knative Serving before 1.19, without instrumenting the function: {@code prescale
 * run} in its own JVM (KUBECONFIG at fabric8's mock API server, CRUD mode) discovers the pods of
 * service {@code hello} by label selector, scrapes each pod's queue-proxy user-metrics port (here a
 * loopback server per pod, serving the OpenCensus {@code revision_*} exposition), decides with the
 * KPA on the concurrency those series give, and sets {@code autoscaling.knative.dev/min-scale} on
 * the service's latest ready Revision with the {@code knative} adapter. A pod that appears while
 * Prescale runs is discovered, scraped and counted as a cold start. Waits are bounded.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class KnativePrometheusEndToEndTest {
  static KubernetesMockServer server;
  static KubernetesClient client;
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final ResourceDefinitionContext SERVICES =
      new ResourceDefinitionContext.Builder()
          .withGroup("serving.knative.dev")
          .withVersion("v1")
          .withKind("Service")
          .withPlural("services")
          .withNamespaced(true)
          .build();
  private static final ResourceDefinitionContext REVISIONS =
      new ResourceDefinitionContext.Builder()
          .withGroup("serving.knative.dev")
          .withVersion("v1")
          .withKind("Revision")
          .withPlural("revisions")
          .withNamespaced(true)
          .build();

  private final List<HttpServer> queueProxies = new ArrayList<>();
  private ExecutorService pool;
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
    queueProxies.forEach(s -> s.stop(0));
    if (pool != null) {
      pool.shutdownNow();
    }
  }

  /**
   * One pod's queue-proxy exposition {@code ms} milliseconds after it started: 100 requests a
   * second, 250 ms each (a concurrency of 25 per pod), 1 in 50 answered 503.
   */
  static String exposition(String pod, long ms) {
    long total = ms / 10;
    long failed = total / 50;
    long ok = total - failed;
    String common =
        "configuration_name=\"hello\",container_name=\"queue-proxy\",namespace_name=\"shop\","
            + "pod_name=\""
            + pod
            + "\"";
    String rev = "revision_name=\"hello-00001\",service_name=\"hello\"";
    StringBuilder b = new StringBuilder();
    b.append(
            "# HELP revision_request_count The number of requests that are routed to queue-proxy\n")
        .append("# TYPE revision_request_count counter\n");
    for (String[] c : new String[][] {{"200", "2xx", "" + ok}, {"503", "5xx", "" + failed}}) {
      b.append("revision_request_count{")
          .append(common)
          .append(",response_code=\"")
          .append(c[0])
          .append("\",response_code_class=\"")
          .append(c[1])
          .append("\",")
          .append(rev)
          .append(",route_tag=\"\"} ")
          .append(c[2])
          .append('\n');
    }
    b.append("# HELP revision_request_latencies The response time in millisecond\n")
        .append("# TYPE revision_request_latencies histogram\n");
    for (String[] c : new String[][] {{"200", "2xx", "" + ok}, {"503", "5xx", "" + failed}}) {
      String labels =
          common + ",response_code=\"" + c[0] + "\",response_code_class=\"" + c[1] + "\"," + rev;
      for (String le : new String[] {"5", "10", "20", "40", "60", "80", "100", "150", "200"}) {
        b.append("revision_request_latencies_bucket{")
            .append(labels)
            .append(",le=\"")
            .append(le)
            .append("\"} 0\n");
      }
      for (String le : new String[] {"250", "300", "500", "1000", "5000", "+Inf"}) {
        b.append("revision_request_latencies_bucket{")
            .append(labels)
            .append(",le=\"")
            .append(le)
            .append("\"} ")
            .append(c[2])
            .append('\n');
      }
      b.append("revision_request_latencies_sum{")
          .append(labels)
          .append("} ")
          .append(250 * Long.parseLong(c[2]))
          .append('\n');
      b.append("revision_request_latencies_count{")
          .append(labels)
          .append("} ")
          .append(c[2])
          .append('\n');
    }
    b.append("# HELP revision_queue_depth The number of items queued at this queue proxy.\n")
        .append("# TYPE revision_queue_depth gauge\n")
        .append("revision_queue_depth{")
        .append(common)
        .append(",response_code=\"\",response_code_class=\"\",")
        .append(rev)
        .append("} 3\n");
    return b.toString();
  }

  /** A loopback queue-proxy for {@code pod}; returns its port. */
  private int queueProxy(String pod, long startedMillis) throws Exception {
    HttpServer s = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    s.setExecutor(pool);
    s.createContext(
        "/metrics",
        ex -> {
          byte[] b =
              exposition(pod, System.currentTimeMillis() - startedMillis)
                  .getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
          ex.sendResponseHeaders(200, b.length);
          ex.getResponseBody().write(b);
          ex.close();
        });
    s.start();
    queueProxies.add(s);
    return s.getAddress().getPort();
  }

  private static Pod pod(String name, int metricsPort, Instant started) {
    return new PodBuilder()
        .withNewMetadata()
        .withName(name)
        .withNamespace("shop")
        .addToLabels("serving.knative.dev/service", "hello")
        .addToLabels("serving.knative.dev/revision", "hello-00001")
        .endMetadata()
        .withNewSpec()
        .addNewContainer()
        .withName("user-container")
        .withImage("hello:1")
        .addNewPort()
        .withName("user-port")
        .withContainerPort(8080)
        .endPort()
        .endContainer()
        .addNewContainer()
        .withName("queue-proxy")
        .withImage("queue:1")
        .addNewPort()
        .withName("http-usermetric")
        .withContainerPort(metricsPort)
        .endPort()
        .endContainer()
        .endSpec()
        .withNewStatus()
        .withPhase("Running")
        .withPodIP("127.0.0.1")
        .withStartTime(started.toString())
        .endStatus()
        .build();
  }

  @Test
  void scrapedQueueProxiesSetTheRevisionsMinScale() throws Exception {
    pool = Executors.newFixedThreadPool(4);
    GenericKubernetesResource rev =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("serving.knative.dev/v1")
            .withKind("Revision")
            .withNewMetadata()
            .withName("hello-00001")
            .withNamespace("shop")
            .endMetadata()
            .build();
    rev.setAdditionalProperty("status", Map.of("actualReplicas", 1));
    client.genericKubernetesResources(REVISIONS).inNamespace("shop").resource(rev).create();
    GenericKubernetesResource svc =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("serving.knative.dev/v1")
            .withKind("Service")
            .withNewMetadata()
            .withName("hello")
            .withNamespace("shop")
            .endMetadata()
            .build();
    svc.setAdditionalProperty(
        "status",
        Map.of(
            "latestReadyRevisionName", "hello-00001", "latestCreatedRevisionName", "hello-00001"));
    client.genericKubernetesResources(SERVICES).inNamespace("shop").resource(svc).create();
    long now = System.currentTimeMillis();
    int portA = queueProxy("hello-00001-deployment-aaaaa", now - 3_600_000);
    client
        .pods()
        .inNamespace("shop")
        .resource(pod("hello-00001-deployment-aaaaa", portA, Instant.ofEpochMilli(now - 3_600_000)))
        .create();
    client
        .pods()
        .inNamespace("shop")
        .resource(
            new PodBuilder(pod("other", portA, Instant.ofEpochMilli(now)))
                .editMetadata()
                .withLabels(Map.of("app", "other"))
                .endMetadata()
                .build())
        .create();

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
            context: { cluster: fake, user: fake, namespace: shop }
        current-context: fake
        users:
          - name: fake
            user: { token: not-a-real-token }
        """
            .formatted(server.url("/").replaceAll("/$", "")));
    Path policy = dir.resolve("policy.yaml");
    Files.writeString(
        policy,
        """
        defaults:
          mode: kpa
          perInstanceConcurrency: 10
          window: { stable: 60s, panicPercentage: 10, panicThreshold: 200 }
        policies:
          - name: hello
            match: { function: shop/hello }
            maxInstances: 20
            adapter: { name: knative, target: { namespace: shop, service: hello } }
        sources:
          prometheus:
            - name: knative-queue-proxy
              kubernetes:
                role: pod
                namespaces: [ shop ]
                selector: serving.knative.dev/service=hello
                port: http-usermetric
              interval: 1s
              timeout: 1s
        """);
    ProcessBuilder pb = new ProcessBuilder(ChildRun.runCommand(policy, "--http-port", "0"));
    pb.environment().put("KUBECONFIG", kubeconfig.toString());
    pb.environment().keySet().removeIf(k -> k.startsWith("KUBERNETES_"));
    ChildRun run = ChildRun.start(pb, "knative-e2e");
    process = run.process();
    HttpClient http = HttpClient.newHttpClient();

    // a second pod starts while Prescale runs
    Thread.sleep(2_000);
    long startedB = System.currentTimeMillis();
    int portB = queueProxy("hello-00001-deployment-bbbbb", startedB);
    client
        .pods()
        .inNamespace("shop")
        .resource(pod("hello-00001-deployment-bbbbb", portB, Instant.ofEpochMilli(startedB)))
        .create();

    int minScale = 0;
    for (int i = 0; i < 120 && minScale < 4; i++) {
      Thread.sleep(500);
      minScale = minScale();
    }
    assertTrue(
        minScale >= 4,
        "a concurrency of 2 x 25 at 10 per instance sets a floor of at least 4, got "
            + minScale
            + "\noutput:\n"
            + run.drain());

    JsonNode sources = get(http, run.apiPort(), "/api/v1/sources");
    JsonNode source = sources.path("sources").get(0);
    assertEquals("kubernetes", source.path("kind").asText());
    assertEquals(2, source.path("discovery").path("targets").asInt(), sources.toString());
    assertEquals("", source.path("discovery").path("error").asText());
    for (JsonNode t : source.path("targets")) {
      assertEquals("up", t.path("health").asText(), sources.toString());
    }
    JsonNode fn = get(http, run.apiPort(), "/api/v1/functions/shop%2Fhello");
    assertEquals(2, fn.path("liveInstances").asInt(), fn.toString());
    assertEquals(1, fn.path("coldStartsTotal").asInt(), "pod b started under Prescale: " + fn);
    assertTrue(fn.path("invocationsTotal").asLong() > 0, fn.toString());
    assertTrue(fn.path("errorsTotal").asLong() > 0, fn.toString());
  }

  private static int minScale() {
    GenericKubernetesResource r =
        client
            .genericKubernetesResources(REVISIONS)
            .inNamespace("shop")
            .withName("hello-00001")
            .get();
    String v =
        r.getMetadata().getAnnotations() == null
            ? null
            : r.getMetadata().getAnnotations().get("autoscaling.knative.dev/min-scale");
    return v == null ? 0 : Integer.parseInt(v);
  }

  private static JsonNode get(HttpClient http, int port, String path) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + port + path)).build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), path + ": " + r.body());
    return JSON.readTree(r.body());
  }
}
