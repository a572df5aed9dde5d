package io.prescale.app.adapters;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.prescale.app.ChildRun;
import io.prescale.core.time.TimeSource;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end: {@code prescale run --config policy.yaml} in its own JVM with {@code KUBECONFIG}
 * pointing at fabric8's mock API server (CRUD mode) scales the bound Deployment once its function
 * shows up in OTLP traffic. Waits are bounded; nothing here asserts on time.
 */
@EnableKubernetesMockClient(crud = true, https = false)
class RunScalesDeploymentEndToEndTest {
  static KubernetesMockServer server;
  static KubernetesClient client;
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
  void scalesTheBoundDeploymentWhenItsFunctionShowsUpInOtlpTraffic() throws Exception {
    client
        .apps()
        .deployments()
        .inNamespace("shop")
        .resource(
            new DeploymentBuilder()
                .withNewMetadata()
                .withName("checkout")
                .withNamespace("shop")
                .endMetadata()
                .withNewSpec()
                .withReplicas(1)
                .withNewSelector()
                .addToMatchLabels("app", "checkout")
                .endSelector()
                .withNewTemplate()
                .withNewMetadata()
                .addToLabels("app", "checkout")
                .endMetadata()
                .withNewSpec()
                .addNewContainer()
                .withName("app")
                .withImage("checkout:1")
                .endContainer()
                .endSpec()
                .endTemplate()
                .endSpec()
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
          mode: predictive
        policies:
          - name: checkout
            match: { function: checkout }
            mode: fixed
            minInstances: 3
            adapter: { name: kubernetes, target: { namespace: shop, deployment: checkout } }
        """);

    ProcessBuilder pb = new ProcessBuilder(ChildRun.runCommand(policy, "--http-port", "0"));
    pb.environment().put("KUBECONFIG", kubeconfig.toString());
    pb.environment().keySet().removeIf(k -> k.startsWith("KUBERNETES_"));
    ChildRun run = ChildRun.start(pb, "e2e");
    process = run.process();
    int otlpPort = run.otlpPort();
    int apiPort = run.apiPort();
    assertEquals(1, replicas(), "nothing scales before the function shows up");

    HttpClient http = HttpClient.newHttpClient();
    int replicas = 1;
    for (int i = 0; i < 180 && replicas != 3; i++) {
      HttpResponse<String> r =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + otlpPort + "/v1/traces"))
                  .header("Content-Type", "application/json")
                  .POST(HttpRequest.BodyPublishers.ofString(spans(i)))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      assertEquals(200, r.statusCode(), r.body());
      Thread.sleep(500);
      replicas = replicas();
    }
    assertEquals(
        3,
        replicas,
        "the policy's fixed 3 instances reached the Deployment; output:\n" + run.drain());
    HttpResponse<String> actions =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + apiPort + "/api/v1/actions?function=checkout"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, actions.statusCode());
    assertTrue(
        actions.body().contains("\"outcome\":\"scaled\"")
            && actions.body().contains("Deployment shop/checkout"),
        actions.body());
  }

  private int replicas() {
    return client
        .apps()
        .deployments()
        .inNamespace("shop")
        .withName("checkout")
        .get()
        .getSpec()
        .getReplicas();
  }

  /**
   * A few SERVER spans of function {@code checkout}, timed now (the control plane runs on the
   * system clock).
   */
  private static String spans(int batch) {
    long now = TimeSource.system().epochNanos();
    StringBuilder s =
        new StringBuilder(
            "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"service.name\","
                + "\"value\":{\"stringValue\":\"checkout\"}}]},\"scopeSpans\":[{\"scope\":{\"name\":\"e2e\"},\"spans\":[");
    for (int j = 0; j < 5; j++) {
      long start = now - 200_000_000L - j * 10_000_000L;
      if (j > 0) {
        s.append(',');
      }
      s.append("{\"traceId\":\"")
          .append(String.format("%032x", batch * 100L + j + 1))
          .append("\",\"spanId\":\"")
          .append(String.format("%016x", batch * 100L + j + 1))
          .append("\",\"name\":\"POST /checkout\",\"kind\":2,")
          .append("\"startTimeUnixNano\":\"")
          .append(start)
          .append("\",\"endTimeUnixNano\":\"")
          .append(start + 50_000_000L)
          .append("\",\"status\":{}}");
    }
    return s.append("]}]}]}").toString();
  }
}
