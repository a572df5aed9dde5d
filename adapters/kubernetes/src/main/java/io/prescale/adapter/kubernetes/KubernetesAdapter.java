package io.prescale.adapter.kubernetes;

import io.fabric8.kubernetes.api.model.apps.Deployment;
import io.fabric8.kubernetes.api.model.apps.StatefulSet;
import io.fabric8.kubernetes.api.model.autoscaling.v1.Scale;
import io.fabric8.kubernetes.api.model.autoscaling.v1.ScaleBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.dsl.RollableScalableResource;
import io.prescale.adapter.spi.ActualState;
import io.prescale.adapter.spi.AdapterException;
import io.prescale.adapter.spi.ApplyOutcome;
import io.prescale.adapter.spi.BlockingCalls;
import io.prescale.adapter.spi.DesiredState;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.adapter.spi.Target;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ExecutorService;
import java.util.function.Supplier;

/**
 * Sets {@code spec.replicas} of a Deployment or StatefulSet through its {@code scale} subresource:
 * GET {@code .../scale}, then PUT it back with the new count and the same {@code resourceVersion},
 * so a concurrent change answers 409 and the engine re-reads. Reads the workload itself for
 * configured and ready replicas. fabric8 blocks, so calls run on a small executor of the adapter's
 * own; the engine bounds how many are queued.
 *
 * <p>RBAC: {@code get} on {@code deployments}/{@code statefulsets} and {@code get}, {@code update}
 * on {@code deployments/scale}/{@code statefulsets/scale} in the target namespace.
 */
final class KubernetesAdapter implements ScalingAdapter {
  private final KubernetesClient client;
  private final ExecutorService executor;
  private final boolean ownsClient;

  KubernetesAdapter(KubernetesClient client, ExecutorService executor, boolean ownsClient) {
    this.client = client;
    this.executor = executor;
    this.ownsClient = ownsClient;
  }

  @Override
  public String name() {
    return KubernetesProvider.NAME;
  }

  @Override
  public List<String> validate(Target target) {
    return problems(target);
  }

  /** The target's problems: it must name one Deployment or StatefulSet ({@link WorkloadRef}). */
  static List<String> problems(Target target) {
    try {
      WorkloadRef.of(target);
      return List.of();
    } catch (IllegalArgumentException e) {
      return List.of(e.getMessage());
    }
  }

  @Override
  public CompletionStage<ApplyOutcome> apply(Target target, DesiredState desired) {
    return async(
        () -> {
          WorkloadRef ref = WorkloadRef.of(target);
          RollableScalableResource<?> resource = resource(ref);
          Scale current = call(resource::scale, "get scale of " + ref);
          if (current == null) {
            throw new AdapterException(AdapterException.Kind.REJECTED, ref + " does not exist");
          }
          int before =
              current.getSpec() == null || current.getSpec().getReplicas() == null
                  ? 0
                  : current.getSpec().getReplicas();
          if (before == desired.instances()) {
            return ApplyOutcome.noop(before, ref + " already has " + before + " replicas");
          }
          Scale next =
              new ScaleBuilder(current)
                  .editOrNewSpec()
                  .withReplicas(desired.instances())
                  .endSpec()
                  .build();
          call(() -> resource.scale(next), "update scale of " + ref);
          return ApplyOutcome.scaled(
              before,
              desired.instances(),
              ref + " replicas " + before + " -> " + desired.instances());
        });
  }

  @Override
  public CompletionStage<ActualState> read(Target target) {
    return async(
        () -> {
          WorkloadRef ref = WorkloadRef.of(target);
          if (ref.kind().equals("Deployment")) {
            Deployment d =
                call(
                    () ->
                        client
                            .apps()
                            .deployments()
                            .inNamespace(ref.namespace())
                            .withName(ref.name())
                            .get(),
                    "get " + ref);
            if (d == null) {
              throw new AdapterException(AdapterException.Kind.REJECTED, ref + " does not exist");
            }
            return ActualState.of(
                orZero(d.getSpec() == null ? null : d.getSpec().getReplicas()),
                orZero(d.getStatus() == null ? null : d.getStatus().getReadyReplicas()));
          }
          StatefulSet s =
              call(
                  () ->
                      client
                          .apps()
                          .statefulSets()
                          .inNamespace(ref.namespace())
                          .withName(ref.name())
                          .get(),
                  "get " + ref);
          if (s == null) {
            throw new AdapterException(AdapterException.Kind.REJECTED, ref + " does not exist");
          }
          return ActualState.of(
              orZero(s.getSpec() == null ? null : s.getSpec().getReplicas()),
              orZero(s.getStatus() == null ? null : s.getStatus().getReadyReplicas()));
        });
  }

  @Override
  public void close() {
    executor.shutdownNow();
    if (ownsClient) {
      client.close();
    }
  }

  private RollableScalableResource<?> resource(WorkloadRef ref) {
    return ref.kind().equals("Deployment")
        ? client.apps().deployments().inNamespace(ref.namespace()).withName(ref.name())
        : client.apps().statefulSets().inNamespace(ref.namespace()).withName(ref.name());
  }

  private <T> CompletionStage<T> async(Supplier<T> body) {
    return BlockingCalls.supply(executor, body);
  }

  static <T> T call(Supplier<T> body, String what) {
    try {
      return body.get();
    } catch (RuntimeException e) {
      throw KubeErrors.map(e, what);
    }
  }

  private static int orZero(Integer i) {
    return i == null ? 0 : i;
  }
}
