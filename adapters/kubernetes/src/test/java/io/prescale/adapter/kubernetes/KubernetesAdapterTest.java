package io.prescale.adapter.kubernetes;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.Status;
import io.fabric8.kubernetes.api.model.apps.DeploymentBuilder;
import io.fabric8.kubernetes.api.model.apps.StatefulSetBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.prescale.adapter.engine.ActionRecord;
import io.prescale.adapter.spi.ActualState;
import io.prescale.adapter.spi.ApplyOutcome;
import io.prescale.adapter.spi.ApplyOutcome.Kind;
import io.prescale.adapter.spi.Target;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * The kubernetes adapter against fabric8's mock API server in CRUD mode (it serves the {@code
 * scale} subresource of Deployments and StatefulSets); faults are expectations placed in front of
 * CRUD (the mixed dispatcher answers them first, once each).
 */
@EnableKubernetesMockClient(crud = true)
class KubernetesAdapterTest {
  static KubernetesMockServer server;
  static KubernetesClient mockClient;
  private static final String SCALE_PATH =
      "/apis/apps/v1/namespaces/shop/deployments/checkout/scale";
  private static final Map<String, String> TARGET =
      Map.of("namespace", "shop", "deployment", "checkout");
  private KubernetesClient client;
  private Harness h;

  @BeforeEach
  void setUp() {
    client =
        new KubernetesClientBuilder()
            .withConfig(
                new ConfigBuilder(mockClient.getConfiguration())
                    .withRequestRetryBackoffLimit(0)
                    .build())
            .build();
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
                .withNewStatus()
                .withReplicas(1)
                .withReadyReplicas(1)
                .endStatus()
                .build())
        .create();
    h = new Harness(KubernetesProvider.over(client));
  }

  @AfterEach
  void tearDown() {
    h.close();
    client.apps().deployments().inNamespace("shop").withName("checkout").delete();
    client.apps().statefulSets().inNamespace("shop").withName("db").delete();
    server.clearExpectations();
    client.close();
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

  @Test
  void scalesTheDeploymentThroughItsScaleSubresourceAndReadsReadyReplicas() {
    ApplyOutcome o = h.await(h.submit("kubernetes", TARGET, 4));
    assertEquals(Kind.SCALED, o.kind(), o.toString());
    assertEquals(4, replicas());
    ActualState actual =
        KubernetesProvider.over(client)
            .read(Target.of("kubernetes", TARGET))
            .toCompletableFuture()
            .join();
    assertEquals(4, actual.configured());
    assertEquals(1, actual.ready());
    assertEquals(
        Kind.NOOP, h.await(h.submit("kubernetes", TARGET, 4)).kind(), "a repeat makes no call");
  }

  @Test
  void scalesAStatefulSet() {
    client
        .apps()
        .statefulSets()
        .inNamespace("shop")
        .resource(
            new StatefulSetBuilder()
                .withNewMetadata()
                .withName("db")
                .withNamespace("shop")
                .endMetadata()
                .withNewSpec()
                .withReplicas(2)
                .withServiceName("db")
                .endSpec()
                .build())
        .create();
    ApplyOutcome o =
        h.await(h.submit("kubernetes", Map.of("namespace", "shop", "statefulset", "db"), 5));
    assertEquals(Kind.SCALED, o.kind(), o.toString());
    assertEquals(
        5,
        client
            .apps()
            .statefulSets()
            .inNamespace("shop")
            .withName("db")
            .get()
            .getSpec()
            .getReplicas());
  }

  @Test
  void aMissingWorkloadOrBadTargetIsRejected() {
    ApplyOutcome missing =
        h.await(h.submit("kubernetes", Map.of("namespace", "shop", "deployment", "nope"), 2));
    assertEquals(Kind.REJECTED, missing.kind());
    assertTrue(missing.detail().contains("nope"), missing.detail());
    ApplyOutcome bad =
        h.await(
            h.submit(
                "kubernetes", Map.of("namespace", "shop", "kind", "DaemonSet", "name", "x"), 2));
    assertEquals(Kind.REJECTED, bad.kind());
    assertTrue(bad.detail().contains("'kind' = DaemonSet"), bad.detail());
  }

  @Test
  void recoversFromServerErrorsThrottlingAndConflictsWithoutStaleOrDoubleApplies() {
    server
        .expect()
        .put()
        .withPath(SCALE_PATH)
        .andReturn(500, status(500, "etcd leader changed", null))
        .once();
    server
        .expect()
        .put()
        .withPath(SCALE_PATH)
        .andReturn(429, status(429, "too many requests", 7))
        .once();
    server
        .expect()
        .put()
        .withPath(SCALE_PATH)
        .andReturn(
            409,
            status(
                409,
                "Operation cannot be fulfilled on deployments.apps \"checkout\": the object has been modified",
                null))
        .once();
    CompletionStage<ApplyOutcome> stale = h.submit("kubernetes", TARGET, 3);
    h.drive.settle();
    CompletionStage<ApplyOutcome> latest = h.submit("kubernetes", TARGET, 6);
    ApplyOutcome o = h.await(latest);
    assertEquals(Kind.SCALED, o.kind(), o.toString());
    assertEquals(
        Kind.NOOP, stale.toCompletableFuture().join().kind(), "3 was superseded, never applied");
    assertEquals(6, replicas());
    List<ActionRecord> retries = h.engine.audit().recent(20, r -> r.outcome().equals("retry"));
    assertEquals(3, retries.size(), retries.toString());
    assertTrue(
        retries.stream().anyMatch(r -> r.detail().contains("retry in 7000 ms")),
        retries.toString());
    long puts = server.getRequestCount();
    assertEquals(Kind.NOOP, h.await(h.submit("kubernetes", TARGET, 6)).kind());
    assertEquals(puts, server.getRequestCount(), "nothing applied twice");
  }

  @Test
  void reconcileRestoresAReplicaCountChangedByHandAndReportsTheDrift() {
    h.await(h.submit("kubernetes", TARGET, 3));
    client.apps().deployments().inNamespace("shop").withName("checkout").scale(1);
    assertEquals(1, replicas());
    h.drive.advance(Duration.ofSeconds(30));
    assertEquals(3, replicas());
    List<ActionRecord> drift = h.engine.audit().recent(10, r -> r.action().equals("drift"));
    assertEquals(1, drift.size());
    assertTrue(drift.get(0).detail().contains("found 1, expected 3"), drift.get(0).detail());
  }

  private static Status status(int code, String message, Integer retryAfter) {
    return FailureStatus.of(code, message, retryAfter);
  }
}
