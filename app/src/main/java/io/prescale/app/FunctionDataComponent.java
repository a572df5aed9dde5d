package io.prescale.app;

import io.prescale.collector.api.FunctionData;
import io.prescale.collector.api.FunctionMetrics;
import io.prescale.collector.extract.ExtractConfig;
import io.prescale.collector.extract.IdentityConfig;
import io.prescale.collector.ingest.TelemetrySink;
import io.prescale.collector.window.FunctionStore;
import io.prescale.collector.window.StoreConfig;
import io.prescale.collector.window.WindowConfig;
import io.prescale.collector.window.WindowTargets;

/**
 * The collector's data half: the per-function store, the {@link TelemetrySink} that fills it (used
 * by {@link CollectorComponent}, so register this component before it), the {@code
 * /api/v1/functions} routes and the per-function series in /metrics. Shares {@link FunctionData},
 * {@link FunctionStore} and {@link TelemetrySink} in the context.
 */
final class FunctionDataComponent implements Component {
  private final StoreConfig storeConfig;

  FunctionDataComponent() {
    this(StoreConfig.defaults());
  }

  FunctionDataComponent(StoreConfig storeConfig) {
    this.storeConfig = storeConfig;
  }

  @Override
  public void start(ControlPlaneContext ctx) {
    FunctionData data =
        new FunctionData(
                storeConfig,
                WindowConfig.defaults(),
                IdentityConfig.defaults(),
                ExtractConfig.defaults(),
                FunctionMetrics.DEFAULT_TOP_N,
                ctx.timeSource(),
                ctx.find(WindowTargets.class).orElse(null))
            .mount(ctx.router(), ctx.registry());
    ctx.put(FunctionData.class, data);
    ctx.put(FunctionStore.class, data.store());
    ctx.put(TelemetrySink.class, data.sink());
  }
}
