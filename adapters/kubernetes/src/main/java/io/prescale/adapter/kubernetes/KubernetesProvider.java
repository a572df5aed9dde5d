package io.prescale.adapter.kubernetes;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.prescale.adapter.spi.AdapterContext;
import io.prescale.adapter.spi.AdapterProvider;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.adapter.spi.Target;
import java.util.List;

/**
 * {@code kubernetes}. Target: {@code namespace} (default {@code default}) and {@code deployment},
 * {@code statefulset} or {@code kind} + {@code name}. Settings: {@code context} (kubeconfig
 * context), {@code master} (API server URL override), {@code request-timeout}, {@code
 * connect-timeout}, {@code threads} (default 2).
 */
public final class KubernetesProvider implements AdapterProvider {
  public static final String NAME = "kubernetes";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ScalingAdapter create(AdapterContext context) {
    KubernetesClient client = KubeClients.create(context);
    return new KubernetesAdapter(
        client, KubeClients.executor(NAME, context.integer("threads", 2, 1, 64)), true);
  }

  /** An adapter over a client the caller owns (tests, embedding). */
  public static ScalingAdapter over(KubernetesClient client) {
    return new KubernetesAdapter(client, KubeClients.executor(NAME, 2), false);
  }

  @Override
  public List<String> validateTarget(Target target) {
    return KubernetesAdapter.problems(target);
  }
}
