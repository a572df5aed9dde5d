package io.prescale.app.cluster;

import io.prescale.app.Component;
import io.prescale.app.ControlPlaneContext;
import io.prescale.cluster.ClusterConfig;
import io.prescale.cluster.ClusterNode;
import io.prescale.collector.window.StoreConfig;
import io.prescale.collector.window.WindowConfig;
import io.prescale.collector.window.WindowTargets;

/**
 * Cluster mode, first half: checks the topics, opens the producer and shares the {@link
 * ClusterNode} (the adapters fence themselves with it) and its ingest {@link WindowTargets} (the
 * collector's sink writes through them), and mounts the routes that forward API requests for other
 * replicas' functions. Register before the adapters and the function data; {@link
 * ClusterOwnerComponent} joins the group once the store exists.
 */
public final class ClusterComponent implements Component {
  private final ClusterConfig config;
  private final StoreConfig storeConfig;
  private ClusterNode node;

  /**
   * @param storeConfig the function store's bounds (the ingest side remembers as many functions)
   */
  public ClusterComponent(ClusterConfig config, StoreConfig storeConfig) {
    this.config = config;
    this.storeConfig = storeConfig;
  }

  @Override
  public void start(ControlPlaneContext ctx) throws Exception {
    node =
        ClusterNode.create(
            config,
            StoreConfig.defaults(),
            WindowConfig.defaults(),
            ctx.registry(),
            ctx.timeSource());
    ctx.put(ClusterNode.class, node);
    ctx.put(WindowTargets.class, node.ingestTargets());
    new ClusterRoutes(node, ctx.vertx()).mount(ctx.router());
  }

  @Override
  public void stop() {
    if (node != null) {
      node.close();
    }
  }
}
