package io.prescale.adapter.knative;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.fabric8.kubernetes.api.model.GenericKubernetesResource;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientException;
import io.fabric8.kubernetes.client.dsl.Resource;
import io.fabric8.kubernetes.client.dsl.base.PatchContext;
import io.fabric8.kubernetes.client.dsl.base.PatchType;
import io.fabric8.kubernetes.client.dsl.base.ResourceDefinitionContext;
import io.prescale.adapter.kubernetes.KubeErrors;
import io.prescale.adapter.spi.ActualState;
import io.prescale.adapter.spi.AdapterException;
import io.prescale.adapter.spi.ApplyOutcome;
import io.prescale.adapter.spi.BlockingCalls;
import io.prescale.adapter.spi.DesiredState;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.adapter.spi.Target;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * Keeps a floor under Knative's autoscaler: Prescale sets {@code autoscaling.knative.dev/min-scale}
 * on the Revision (and its PodAutoscaler) and Knative's KPA still scales above it for bursts. Which
 * objects, why, what is read and the RBAC it needs: {@code docs/knative.md}.
 */
final class KnativeAdapter implements ScalingAdapter {
  static final String MIN_SCALE = "autoscaling.knative.dev/min-scale";
  static final String MAX_SCALE = "autoscaling.knative.dev/max-scale";
  private static final ObjectMapper JSON = new ObjectMapper();
  static final ResourceDefinitionContext REVISIONS =
      new ResourceDefinitionContext.Builder()
          .withGroup("serving.knative.dev")
          .withVersion("v1")
          .withKind("Revision")
          .withPlural("revisions")
          .withNamespaced(true)
          .build();
  static final ResourceDefinitionContext POD_AUTOSCALERS =
      new ResourceDefinitionContext.Builder()
          .withGroup("autoscaling.internal.knative.dev")
          .withVersion("v1alpha1")
          .withKind("PodAutoscaler")
          .withPlural("podautoscalers")
          .withNamespaced(true)
          .build();
  static final ResourceDefinitionContext SERVICES =
      new ResourceDefinitionContext.Builder()
          .withGroup("serving.knative.dev")
          .withVersion("v1")
          .withKind("Service")
          .withPlural("services")
          .withNamespaced(true)
          .build();

  private final KubernetesClient client;
  private final ExecutorService executor;
  private final boolean ownsClient;

  KnativeAdapter(KubernetesClient client, ExecutorService executor, boolean ownsClient) {
    this.client = client;
    this.executor = executor;
    this.ownsClient = ownsClient;
  }

  @Override
  public String name() {
    return KnativeProvider.NAME;
  }

  @Override
  public List<String> validate(Target target) {
    return problems(target);
  }

  /** The target's problems: exactly one of {@code service} or {@code revision}. */
  static List<String> problems(Target target) {
    boolean service = target.get("service", null) != null;
    boolean revision = target.get("revision", null) != null;
    if (service == revision) {
      return List.of(
          "adapter knative target needs exactly one of 'service' or 'revision'; target has "
              + new TreeMap<>(target.values()).keySet());
    }
    return List.of();
  }

  @Override
  public CompletionStage<ApplyOutcome> apply(Target target, DesiredState desired) {
    return async(
        () -> {
          String ns = target.get("namespace", "default");
          String revision = revisionName(target, ns);
          String patch = minScalePatch(desired.instances());
          call(
              () -> revision(ns, revision).patch(PatchContext.of(PatchType.JSON_MERGE), patch),
              "patch revision " + ns + "/" + revision);
          String pa = patchPodAutoscaler(ns, revision, patch);
          return ApplyOutcome.scaled(
              desired.previous(),
              desired.instances(),
              "revision "
                  + ns
                  + "/"
                  + revision
                  + " "
                  + MIN_SCALE
                  + " = "
                  + desired.instances()
                  + pa);
        });
  }

  /**
   * The JSON merge patch that sets the min-scale annotation: {@code
   * {"metadata":{"annotations":{...}}}}.
   */
  static String minScalePatch(int instances) {
    ObjectNode patch = JSON.createObjectNode();
    patch
        .putObject("metadata")
        .putObject("annotations")
        .put(MIN_SCALE, Integer.toString(instances));
    return patch.toString();
  }

  @Override
  public CompletionStage<ActualState> read(Target target) {
    return async(
        () -> {
          String ns = target.get("namespace", "default");
          String name = revisionName(target, ns);
          GenericKubernetesResource rev =
              call(() -> revision(ns, name).get(), "get revision " + ns + "/" + name);
          if (rev == null) {
            throw new AdapterException(
                AdapterException.Kind.REJECTED, "revision " + ns + "/" + name + " does not exist");
          }
          Map<String, String> annotations =
              rev.getMetadata().getAnnotations() == null
                  ? Map.of()
                  : rev.getMetadata().getAnnotations();
          int min = parse(annotations.get(MIN_SCALE), 0);
          int max = parse(annotations.get(MAX_SCALE), 0);
          Object actual = rev.get("status", "actualReplicas");
          int ready = actual instanceof Number n ? n.intValue() : -1;
          ActualState state = ActualState.of(min, ready);
          return max > 0 ? state.withBounds(0, max) : state;
        });
  }

  @Override
  public void close() {
    executor.shutdownNow();
    if (ownsClient) {
      client.close();
    }
  }

  private String revisionName(Target target, String ns) {
    String revision = target.get("revision", null);
    if (revision != null) {
      return revision;
    }
    String service = target.require("service");
    GenericKubernetesResource svc =
        call(
            () ->
                client.genericKubernetesResources(SERVICES).inNamespace(ns).withName(service).get(),
            "get service " + ns + "/" + service);
    if (svc == null) {
      throw new AdapterException(
          AdapterException.Kind.REJECTED,
          "Knative service " + ns + "/" + service + " does not exist");
    }
    Object ready = svc.get("status", "latestReadyRevisionName");
    Object created = svc.get("status", "latestCreatedRevisionName");
    Object name = ready != null ? ready : created;
    if (name == null) {
      throw new AdapterException(
          AdapterException.Kind.CONFLICT,
          "Knative service " + ns + "/" + service + " has no revision in its status yet");
    }
    return name.toString();
  }

  /**
   * Best effort for Knative releases that do not copy revision annotation changes; returns a note.
   */
  private String patchPodAutoscaler(String ns, String name, String patch) {
    try {
      client
          .genericKubernetesResources(POD_AUTOSCALERS)
          .inNamespace(ns)
          .withName(name)
          .patch(PatchContext.of(PatchType.JSON_MERGE), patch);
      return "; podautoscaler too";
    } catch (KubernetesClientException e) {
      if (e.getCode() == 404 || e.getCode() == 403) {
        return "; podautoscaler not patched (HTTP " + e.getCode() + ")";
      }
      throw KubeErrors.map(e, "patch podautoscaler " + ns + "/" + name);
    }
  }

  private Resource<GenericKubernetesResource> revision(String ns, String name) {
    return client.genericKubernetesResources(REVISIONS).inNamespace(ns).withName(name);
  }

  private <T> CompletionStage<T> async(Supplier<T> body) {
    return BlockingCalls.supply(executor, body);
  }

  private static <T> T call(Supplier<T> body, String what) {
    try {
      return body.get();
    } catch (RuntimeException e) {
      throw KubeErrors.map(e, what);
    }
  }

  private static int parse(String v, int fallback) {
    if (v == null) {
      return fallback;
    }
    try {
      return Integer.parseInt(v.trim());
    } catch (NumberFormatException e) {
      return fallback;
    }
  }
}
