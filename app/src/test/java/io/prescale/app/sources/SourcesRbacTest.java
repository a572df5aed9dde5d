package io.prescale.app.sources;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.dataformat.yaml.YAMLFactory;
import io.fabric8.kubernetes.api.model.EndpointsBuilder;
import io.fabric8.kubernetes.api.model.PodBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.fabric8.mockwebserver.http.RecordedRequest;
import io.prescale.collector.scrape.ScrapeTarget;
import io.prescale.policy.SourceSpec;
import java.net.URI;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Set;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * What the Kubernetes discovery of {@code sources:} finds (running pods with an IP at the named
 * container port, ready Endpoints addresses at the named port, only what the selector matches, in
 * the listed namespaces), and that deploy/kubernetes/components/prometheus-sources grants exactly
 * the calls it makes: {@code list} on pods and endpoints, nothing else.
 */
@EnableKubernetesMockClient(crud = true)
class SourcesRbacTest {
  static KubernetesMockServer server;
  static KubernetesClient client;
  static final Path COMPONENT =
      Path.of(System.getProperty("user.dir"))
          .resolve("../deploy/kubernetes/components/prometheus-sources")
          .normalize();

  private static SourceSpec source(String role, List<String> namespaces, String port) {
    return new SourceSpec(
        "kn",
        List.of(),
        new SourceSpec.Kubernetes(
            role, namespaces, "serving.knative.dev/service=hello", port, "/metrics", "http"),
        Duration.ofSeconds(15),
        Duration.ofSeconds(5),
        null,
        null,
        null);
  }

  @Test
  void discoveryFindsTheRightEndpointsWithListOnly() throws Exception {
    for (String[] p :
        new String[][] {
          {"a", "Running", "10.0.0.1", "hello"},
          {"b", "Pending", "10.0.0.2", "hello"},
          {"c", "Running", "10.0.0.3", "other"},
          {"d", "Running", "fd00::4", "hello"}
        }) {
      client
          .pods()
          .inNamespace("shop")
          .resource(
              new PodBuilder()
                  .withNewMetadata()
                  .withName(p[0])
                  .addToLabels("serving.knative.dev/service", p[3])
                  .endMetadata()
                  .withNewSpec()
                  .addNewContainer()
                  .withName("queue-proxy")
                  .addNewPort()
                  .withName("http-usermetric")
                  .withContainerPort(9091)
                  .endPort()
                  .endContainer()
                  .endSpec()
                  .withNewStatus()
                  .withPhase(p[1])
                  .withPodIP(p[2])
                  .withStartTime("2026-12-06T10:00:00Z")
                  .endStatus()
                  .build())
          .create();
    }
    client
        .endpoints()
        .inNamespace("shop")
        .resource(
            new EndpointsBuilder()
                .withNewMetadata()
                .withName("hello-private")
                .addToLabels("serving.knative.dev/service", "hello")
                .endMetadata()
                .addNewSubset()
                .addNewAddress()
                .withIp("10.0.0.1")
                .endAddress()
                .addNewNotReadyAddress()
                .withIp("10.0.0.9")
                .endNotReadyAddress()
                .addNewPort()
                .withName("http-usermetric")
                .withPort(9091)
                .endPort()
                .addNewPort()
                .withName("http")
                .withPort(80)
                .endPort()
                .endSubset()
                .build())
        .create();
    while (server.takeRequest(200, TimeUnit.MILLISECONDS) != null) {
      // the setup's calls
    }

    List<ScrapeTarget> pods =
        KubernetesTargets.list(
            client, source("pod", List.of("shop"), "http-usermetric"), ScrapeTarget.Auth.NONE);
    assertEquals(
        List.of(
            URI.create("http://10.0.0.1:9091/metrics"),
            URI.create("http://[fd00::4]:9091/metrics")),
        pods.stream().map(ScrapeTarget::url).toList(),
        "running pods with an IP that the selector matches");
    assertEquals(
        java.time.Instant.parse("2026-12-06T10:00:00Z").getEpochSecond() * 1_000_000_000L,
        pods.get(0).startNanos(),
        "the pod's start time");
    List<ScrapeTarget> endpoints =
        KubernetesTargets.list(
            client, source("endpoints", List.of(), "9091"), ScrapeTarget.Auth.NONE);
    assertEquals(
        List.of(URI.create("http://10.0.0.1:9091/metrics")),
        endpoints.stream().map(ScrapeTarget::url).toList(),
        "ready addresses at the port of that number, in any namespace");
    assertEquals(0, endpoints.get(0).startNanos());

    Set<String> used = new TreeSet<>();
    for (RecordedRequest r = server.takeRequest(1, TimeUnit.SECONDS);
        r != null;
        r = server.takeRequest(200, TimeUnit.MILLISECONDS)) {
      assertEquals("GET", r.getMethod(), r.getPath());
      assertTrue(
          r.getPath().contains("labelSelector="), "filtered by the API server: " + r.getPath());
      String path = r.getPath().split("\\?", 2)[0];
      String[] parts = path.split("/");
      used.add("list " + parts[parts.length - 1] + ".");
    }
    assertEquals(granted(), used, "components/prometheus-sources (left) against the calls");
  }

  /** "verb resource.group" for each rule the component's JSON patch adds. */
  private static Set<String> granted() throws Exception {
    ObjectMapper yaml = new ObjectMapper(new YAMLFactory());
    Set<String> rules = new TreeSet<>();
    for (JsonNode op : yaml.readTree(COMPONENT.resolve("clusterrole-patch.yaml").toFile())) {
      JsonNode v = op.path("value");
      for (JsonNode g : v.path("apiGroups")) {
        for (JsonNode res : v.path("resources")) {
          for (JsonNode verb : v.path("verbs")) {
            rules.add(verb.asText() + " " + res.asText() + "." + g.asText());
          }
        }
      }
    }
    return rules;
  }
}
