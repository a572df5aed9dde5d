package io.prescale.app.cluster;

import io.prescale.app.Component;
import io.prescale.app.ControlPlaneContext;
import io.prescale.cluster.ClusterNode;
import io.prescale.collector.ingest.TelemetrySink;

/**
 * Cluster mode, second half: joins the owners' group over the function store (register after the
 * function data, before the collector: at stop the collector drains first, then this replica
 * checkpoints and leaves the group).
 */
public final class ClusterOwnerComponent implements Component {
  @Override
  public void start(ControlPlaneContext ctx) {
    ctx.get(ClusterNode.class).start(ctx.functionStore(), ctx.get(TelemetrySink.class));
  }
}
