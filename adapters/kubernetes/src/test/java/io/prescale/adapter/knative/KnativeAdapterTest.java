package io.prescale.adapter.knative;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.api.model.GenericKubernetesResourceBuilder;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.fabric8.kubernetes.client.server.mock.EnableKubernetesMockClient;
import io.fabric8.kubernetes.client.server.mock.KubernetesMockServer;
import io.prescale.adapter.engine.ActionRecord;
import io.prescale.adapter.kubernetes.FailureStatus;
import io.prescale.adapter.kubernetes.Harness;
import io.prescale.adapter.spi.ActualState;
import io.prescale.adapter.spi.ApplyOutcome;
import io.prescale.adapter.spi.ApplyOutcome.Kind;
import io.prescale.adapter.spi.Target;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/** The knative adapter against fabric8's mock API server in CRUD mode with Knative resources. */
@EnableKubernetesMockClient(crud = true)
class KnativeAdapterTest {
  static KubernetesMockServer server;
  static KubernetesClient mockClient;
  private static final Map<String, String> TARGET = Map.of("namespace", "shop", "service", "hello");
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
    createRevision("hello-00001", Map.of("autoscaling.knative.dev/max-scale", "8"), 1);
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
        "spec",
        Map.of(
            "template", Map.of("spec", Map.of("containers", List.of(Map.of("image", "hello:1"))))));
    svc.setAdditionalProperty(
        "status",
        Map.of(
            "latestReadyRevisionName", "hello-00001", "latestCreatedRevisionName", "hello-00001"));
    client
        .genericKubernetesResources(KnativeAdapter.SERVICES)
        .inNamespace("shop")
        .resource(svc)
        .create();
    h = new Harness(KnativeProvider.over(client));
  }

  @AfterEach
  void tearDown() {
    h.close();
    client.genericKubernetesResources(KnativeAdapter.SERVICES).inNamespace("shop").delete();
    client.genericKubernetesResources(KnativeAdapter.REVISIONS).inNamespace("shop").delete();
    client.genericKubernetesResources(KnativeAdapter.POD_AUTOSCALERS).inNamespace("shop").delete();
    client.close();
  }

  private void createRevision(String name, Map<String, String> annotations, int actualReplicas) {
    GenericKubernetesResource rev =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("serving.knative.dev/v1")
            .withKind("Revision")
            .withNewMetadata()
            .withName(name)
            .withNamespace("shop")
            .withAnnotations(annotations)
            .endMetadata()
            .build();
    rev.setAdditionalProperty("status", Map.of("actualReplicas", actualReplicas));
    client
        .genericKubernetesResources(KnativeAdapter.REVISIONS)
        .inNamespace("shop")
        .resource(rev)
        .create();
  }

  private GenericKubernetesResource revision(String name) {
    return client
        .genericKubernetesResources(KnativeAdapter.REVISIONS)
        .inNamespace("shop")
        .withName(name)
        .get();
  }

  @Test
  void alsoSetsMinScaleOnThePodAutoscalerForOlderKnativeReleases() {
    GenericKubernetesResource pa =
        new GenericKubernetesResourceBuilder()
            .withApiVersion("autoscaling.internal.knative.dev/v1alpha1")
            .withKind("PodAutoscaler")
            .withNewMetadata()
            .withName("hello-00001")
            .withNamespace("shop")
            .withAnnotations(Map.of("autoscaling.knative.dev/class", "kpa.autoscaling.knative.dev"))
            .endMetadata()
            .build();
    client
        .genericKubernetesResources(KnativeAdapter.POD_AUTOSCALERS)
        .inNamespace("shop")
        .resource(pa)
        .create();
    ApplyOutcome o = h.await(h.submit("knative", TARGET, 4));
    assertEquals(Kind.SCALED, o.kind(), o.toString());
    Map<String, String> annotations =
        client
            .genericKubernetesResources(KnativeAdapter.POD_AUTOSCALERS)
            .inNamespace("shop")
            .withName("hello-00001")
            .get()
            .getMetadata()
            .getAnnotations();
    assertEquals("4", annotations.get(KnativeAdapter.MIN_SCALE));
    assertEquals("kpa.autoscaling.knative.dev", annotations.get("autoscaling.knative.dev/class"));
    assertTrue(o.detail().contains("podautoscaler too"), o.detail());
  }

  @Test
  void aMissingPodAutoscalerDoesNotFailTheRevisionPatch() {
    ApplyOutcome o = h.await(h.submit("knative", TARGET, 2));
    assertEquals(Kind.SCALED, o.kind(), o.toString());
    assertEquals(
        "2", revision("hello-00001").getMetadata().getAnnotations().get(KnativeAdapter.MIN_SCALE));
    assertTrue(o.detail().contains("podautoscaler not patched (HTTP 404)"), o.detail());
  }

  @Test
  void setsMinScaleOnTheLatestReadyRevisionWithoutTouchingTheService() {
    GenericKubernetesResource before =
        client
            .genericKubernetesResources(KnativeAdapter.SERVICES)
            .inNamespace("shop")
            .withName("hello")
            .get();
    ApplyOutcome o = h.await(h.submit("knative", TARGET, 3));
    assertEquals(Kind.SCALED, o.kind(), o.toString());
    assertEquals(
        "3", revision("hello-00001").getMetadata().getAnnotations().get(KnativeAdapter.MIN_SCALE));
    assertEquals(
        "8",
        revision("hello-00001").getMetadata().getAnnotations().get(KnativeAdapter.MAX_SCALE),
        "other annotations are kept (merge patch)");
    GenericKubernetesResource after =
        client
            .genericKubernetesResources(KnativeAdapter.SERVICES)
            .inNamespace("shop")
            .withName("hello")
            .get();
    assertEquals(
        before.getMetadata().getResourceVersion(),
        after.getMetadata().getResourceVersion(),
        "the Service (and so its template) is not modified: no new revision");
    assertEquals(
        1,
        client
            .genericKubernetesResources(KnativeAdapter.REVISIONS)
            .inNamespace("shop")
            .list()
            .getItems()
            .size());
    ActualState actual =
        KnativeProvider.over(client)
            .read(Target.of("knative", TARGET))
            .toCompletableFuture()
            .join();
    assertEquals(3, actual.configured());
    assertEquals(1, actual.ready());
    assertEquals(8, actual.ceiling());
  }

  @Test
  void theFloorIsClampedToTheRevisionsMaxScale() {
    ApplyOutcome o = h.await(h.submit("knative", TARGET, 20));
    assertEquals(8, o.to(), o.toString());
    assertEquals(
        "8", revision("hello-00001").getMetadata().getAnnotations().get(KnativeAdapter.MIN_SCALE));
  }

  @Test
  void aNewRevisionGetsTheFloorAtTheNextReconcile() {
    h.await(h.submit("knative", TARGET, 2));
    createRevision("hello-00002", Map.of(), 0);
    GenericKubernetesResource svc =
        client
            .genericKubernetesResources(KnativeAdapter.SERVICES)
            .inNamespace("shop")
            .withName("hello")
            .get();
    svc.setAdditionalProperty("status", Map.of("latestReadyRevisionName", "hello-00002"));
    client
        .genericKubernetesResources(KnativeAdapter.SERVICES)
        .inNamespace("shop")
        .resource(svc)
        .update();
    assertNull(
        revision("hello-00002").getMetadata().getAnnotations() == null
            ? null
            : revision("hello-00002").getMetadata().getAnnotations().get(KnativeAdapter.MIN_SCALE));
    h.drive.advance(Duration.ofSeconds(30));
    assertEquals(
        "2", revision("hello-00002").getMetadata().getAnnotations().get(KnativeAdapter.MIN_SCALE));
    List<ActionRecord> drift = h.engine.audit().recent(10, r -> r.action().equals("drift"));
    assertEquals(1, drift.size());
    assertTrue(drift.get(0).detail().contains("found 0, expected 2"), drift.get(0).detail());
  }

  @Test
  void aTargetNeedsExactlyOneOfServiceOrRevision() {
    ApplyOutcome o = h.await(h.submit("knative", Map.of("namespace", "shop"), 1));
    assertEquals(Kind.REJECTED, o.kind());
    assertTrue(o.detail().contains("exactly one of 'service' or 'revision'"), o.detail());
  }

  @Test
  void recoversFromServerErrorsAndThrottlingOnThePatch() {
    String path = "/apis/serving.knative.dev/v1/namespaces/shop/revisions/hello-00001";
    server
        .expect()
        .patch()
        .withPath(path)
        .andReturn(500, FailureStatus.of(500, "etcdserver: request timed out"))
        .once();
    server
        .expect()
        .patch()
        .withPath(path)
        .andReturn(429, FailureStatus.of(429, "too many requests", 9))
        .once();
    ApplyOutcome o = h.await(h.submit("knative", TARGET, 4));
    assertEquals(Kind.SCALED, o.kind(), o.toString());
    assertEquals(
        "4", revision("hello-00001").getMetadata().getAnnotations().get(KnativeAdapter.MIN_SCALE));
    assertEquals(2, h.engine.audit().recent(10, r -> r.outcome().equals("retry")).size());
    assertEquals(
        1, h.engine.audit().recent(10, r -> r.detail().contains("retry in 9000 ms")).size());
  }

  @Test
  void minScalePatchIsAJsonMergePatchOfTheAnnotation() {
    assertEquals(
        "{\"metadata\":{\"annotations\":{\"autoscaling.knative.dev/min-scale\":\"3\"}}}",
        KnativeAdapter.minScalePatch(3));
  }
}
