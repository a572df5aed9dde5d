package io.prescale.adapter.kubernetes;

import io.fabric8.kubernetes.client.Config;
import io.fabric8.kubernetes.client.ConfigBuilder;
import io.fabric8.kubernetes.client.KubernetesClient;
import io.fabric8.kubernetes.client.KubernetesClientBuilder;
import io.prescale.adapter.spi.AdapterContext;
import java.time.Duration;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicInteger;

/**
 * Builds the fabric8 client as kubectl finds its credentials ({@code KUBECONFIG} or {@code
 * ~/.kube/config}, else the in-cluster service account), optionally for a kubeconfig {@code
 * context}; fabric8's own retries are switched off because the engine retries.
 */
public final class KubeClients {
  private KubeClients() {}

  public static KubernetesClient create(AdapterContext ctx) {
    Config base = Config.autoConfigure(ctx.setting("context", null));
    ConfigBuilder b =
        new ConfigBuilder(base)
            .withRequestRetryBackoffLimit(0)
            .withRequestTimeout(
                (int) ctx.duration("request-timeout", Duration.ofSeconds(10)).toMillis())
            .withConnectionTimeout(
                (int) ctx.duration("connect-timeout", Duration.ofSeconds(5)).toMillis());
    String master = ctx.setting("master", null);
    if (master != null) {
      b.withMasterUrl(master);
    }
    return new KubernetesClientBuilder().withConfig(b.build()).build();
  }

  /** A small pool of daemon threads for fabric8's blocking calls. */
  public static ExecutorService executor(String name, int threads) {
    AtomicInteger n = new AtomicInteger();
    return Executors.newFixedThreadPool(
        threads,
        r -> {
          Thread t = new Thread(r, "prescale-" + name + "-" + n.incrementAndGet());
          t.setDaemon(true);
          return t;
        });
  }
}
