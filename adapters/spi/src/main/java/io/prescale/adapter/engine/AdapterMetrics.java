package io.prescale.adapter.engine;

import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;

/**
 * The engine's counters: {@code prescale_adapter_requests_total{adapter,outcome}} (one per adapter
 * call or skipped no-op; outcome noop, scaled, rejected, failed, retry),
 * {@code prescale_adapter_latency_seconds{adapter}} (classic buckets),
 * {@code prescale_adapter_drift_total{adapter}} and
 * {@code prescale_adapter_targets_rejected_total{adapter}} (decisions refused because the engine
 * tracks {@code maxTargets} targets already). The per-target series are read at scrape time by
 * {@link TargetSeries}. Request counters are looked up once per adapter and outcome (the no-op of
 * every function at every tick goes through here).
 */
final class AdapterMetrics {
  private final Counter requests;
  private final Histogram latency;
  private final Counter drift;
  private final Counter targetsRejected;
  private final Map<String, Map<String, CounterDataPoint>> requestPoints = new ConcurrentHashMap<>();

  AdapterMetrics(PrometheusRegistry registry) {
    requests = Counter.builder().name("prescale_adapter_requests_total")
        .help("Adapter calls and skipped no-ops by outcome")
        .labelNames("adapter", "outcome").register(registry);
    latency = Histogram.builder().name("prescale_adapter_latency_seconds")
        .help("Latency of adapter calls (apply and read)")
        .classicOnly()
        .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
        .labelNames("adapter").register(registry);
    drift = Counter.builder().name("prescale_adapter_drift_total")
        .help("Targets found changed outside Prescale by the periodic reconcile")
        .labelNames("adapter").register(registry);
    targetsRejected = Counter.builder().name("prescale_adapter_targets_rejected_total")
        .help("Decisions refused because the engine already tracks maxTargets targets (see prescale_adapter_targets_max)")
        .labelNames("adapter").register(registry);
  }

  void request(String adapter, String outcome) {
    Map<String, CounterDataPoint> byOutcome = requestPoints.get(adapter);
    if (byOutcome == null) {
      byOutcome = requestPoints.computeIfAbsent(adapter, a -> new ConcurrentHashMap<>());
    }
    CounterDataPoint point = byOutcome.get(outcome);
    if (point == null) {
      point = byOutcome.computeIfAbsent(outcome, o -> requests.labelValues(adapter, o));
    }
    point.inc();
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
