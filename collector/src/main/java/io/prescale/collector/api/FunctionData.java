package io.prescale.collector.api;

import io.prescale.collector.extract.CollectorSink;
import io.prescale.collector.extract.ExtractConfig;
import io.prescale.collector.extract.IdentityConfig;
import io.prescale.collector.window.FunctionStore;
import io.prescale.collector.window.StoreConfig;
import io.prescale.collector.window.WindowConfig;
import io.prescale.collector.window.WindowTargets;
import io.prescale.core.time.TimeSource;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.ext.web.Router;
import java.util.Objects;

/**
 * The collector's data half in one piece, for wiring: the {@link FunctionStore}, the {@link
 * CollectorSink} that fills it (give it to the OTLP servers as their {@code TelemetrySink}), the
 * {@link FunctionApi} routes and the {@link FunctionMetrics} series. Usage in a control plane:
 *
 * <pre>{@code
 * FunctionData data = new FunctionData(time).mount(router, registry);
 * new OtlpServers(vertx, options, data.sink(), registry, time);
 * }</pre>
 */
public final class FunctionData {
  private final FunctionStore store;
  private final CollectorSink sink;
  private final TimeSource time;
  private final int topN;

  public FunctionData(
      StoreConfig storeConfig,
      WindowConfig windowConfig,
      IdentityConfig identity,
      ExtractConfig extract,
      int topN,
      TimeSource time) {
    this(storeConfig, windowConfig, identity, extract, topN, time, null);
  }

  /**
   * @param targets where the sink writes; null for this store (cluster mode: the producer that
   *     hands each function's writes to its owner, whose store this one is)
   */
  public FunctionData(
      StoreConfig storeConfig,
      WindowConfig windowConfig,
      IdentityConfig identity,
      ExtractConfig extract,
      int topN,
      TimeSource time,
      WindowTargets targets) {
    this.time = Objects.requireNonNull(time, "time");
    this.store = new FunctionStore(storeConfig, windowConfig);
    this.sink = new CollectorSink(targets == null ? store : targets, identity, extract, time);
    if (topN < 0 || topN > 100_000) {
      throw new IllegalArgumentException("topN = " + topN + ", must be in [0; 100000]");
    }
    this.topN = topN;
  }

  /** Defaults: 100,000 functions, 1 h of seconds, 7 d of minutes, top 200 functions in /metrics. */
  public FunctionData(TimeSource time) {
    this(time, null);
  }

  /** Defaults, the sink writing through {@code targets} (null: this store). */
  public FunctionData(TimeSource time, WindowTargets targets) {
    this(
        StoreConfig.defaults(),
        WindowConfig.defaults(),
        IdentityConfig.defaults(),
        ExtractConfig.defaults(),
        FunctionMetrics.DEFAULT_TOP_N,
        time,
        targets);
  }

  /**
   * Mounts {@code /api/v1/functions} on {@code router} and registers the series in {@code
   * registry}.
   */
  public FunctionData mount(Router router, PrometheusRegistry registry) {
    new FunctionApi(store, time).mount(router);
    FunctionMetrics.register(registry, store, sink, time, topN);
    return this;
  }

  public FunctionStore store() {
    return store;
  }

  /** The {@code TelemetrySink} for the OTLP servers. */
  public CollectorSink sink() {
    return sink;
  }
}
