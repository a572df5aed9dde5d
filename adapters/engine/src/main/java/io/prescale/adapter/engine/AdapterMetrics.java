package io.prescale.adapter.engine;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.function.ToLongFunction;

/**
 * The engine's counters: {@code
 * prescale_adapter_requests_total{adapter,function,namespace,outcome}} (one per adapter call or
 * skipped no-op; outcome noop, scaled, rejected, failed, retry; top-N functions, see {@link
 * RequestSeries}), {@code prescale_adapter_latency_seconds{adapter}} (classic buckets), {@code
 * prescale_adapter_drift_total{adapter}} and {@code
 * prescale_adapter_targets_rejected_total{adapter}} (decisions refused because the engine tracks
 * {@code maxTargets} targets already). The per-target series are read at scrape time by {@link
 * TargetSeries}.
 */
final class AdapterMetrics {
  private final RequestSeries requests = new RequestSeries();
  private final Histogram latency;
  private final Counter drift;
  private final Counter targetsRejected;

  AdapterMetrics(PrometheusRegistry registry) {
    registry.register(requests);
    latency =
        Histogram.builder()
            .name("prescale_adapter_latency_seconds")
            .help("Latency of adapter calls (apply and read)")
            .classicOnly()
            .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
            .labelNames("adapter")
            .register(registry);
    drift =
        Counter.builder()
            .name("prescale_adapter_drift_total")
            .help("Targets found changed outside Prescale by the periodic reconcile")
            .labelNames("adapter")
            .register(registry);
    targetsRejected =
        Counter.builder()
            .name("prescale_adapter_targets_rejected_total")
            .help(
                "Decisions refused because the engine already tracks maxTargets targets (see prescale_adapter_targets_max)")
            .labelNames("adapter")
            .register(registry);
  }

  /**
   * One request of {@code adapter} for {@code function} ("" when none is known) ended as {@code
   * outcome}.
   */
  void request(String adapter, String function, String outcome) {
    requests.count(adapter, function, outcome);
  }

  /** Which functions get their own request series: as {@link TargetSeries#rankBy}. */
  void rankBy(ToLongFunction<String> weight, int topN) {
    requests.rankBy(weight, topN);
  }

  void latency(String adapter, long nanos) {
    latency.labelValues(adapter).observe(nanos / 1e9);
  }

  void drift(String adapter) {
    drift.labelValues(adapter).inc();
  }

  void targetRejected(String adapter) {
    targetsRejected.labelValues(adapter).inc();
  }
}
