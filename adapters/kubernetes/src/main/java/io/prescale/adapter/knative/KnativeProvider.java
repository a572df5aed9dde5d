package io.prescale.adapter.knative;

import io.fabric8.kubernetes.client.KubernetesClient;
import io.prescale.adapter.kubernetes.KubeClients;
import io.prescale.adapter.spi.AdapterContext;
import io.prescale.adapter.spi.AdapterProvider;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.adapter.spi.Target;
import java.util.List;

/**
 * {@code knative}. Target: {@code namespace} (default {@code default}) and {@code service} (follows
 * its latest ready revision) or {@code revision}. Settings as for {@code kubernetes}.
 */
public final class KnativeProvider implements AdapterProvider {
  public static final String NAME = "knative";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ScalingAdapter create(AdapterContext context) {
    KubernetesClient client = KubeClients.create(context);
    return new KnativeAdapter(
        client, KubeClients.executor(NAME, context.integer("threads", 2, 1, 64)), true);
  }

  /** An adapter over a client the caller owns (tests, embedding). */
  public static ScalingAdapter over(KubernetesClient client) {
    return new KnativeAdapter(client, KubeClients.executor(NAME, 2), false);
  }

  @Override
  public List<String> validateTarget(Target target) {
    return KnativeAdapter.problems(target);
  }
}
