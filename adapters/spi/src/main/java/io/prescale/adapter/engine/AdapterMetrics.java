package io.prescale.adapter.engine;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The engine's series: {@code prescale_adapter_requests_total{adapter,outcome}} (one per adapter
 * call or skipped no-op; outcome noop, scaled, rejected, failed, retry),
 * {@code prescale_adapter_latency_seconds{adapter}} (classic buckets),
 * {@code prescale_actual_instances{adapter,function}} (ready instances where the platform reports
 * them, else the configured count) and {@code prescale_adapter_drift_total{adapter}}.
 */
final class AdapterMetrics {
  private final Counter requests;
  private final Histogram latency;
  private final Gauge actual;
  private final Counter drift;

  AdapterMetrics(PrometheusRegistry registry) {
    requests = Counter.builder().name("prescale_adapter_requests_total")
        .help("Adapter calls and skipped no-ops by outcome")
        .labelNames("adapter", "outcome").register(registry);
    latency = Histogram.builder().name("prescale_adapter_latency_seconds")
        .help("Latency of adapter calls (apply and read)")
        .classicOnly()
        .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
        .labelNames("adapter").register(registry);
    actual = Gauge.builder().name("prescale_actual_instances")
        .help("Instances the platform reports for a function's target (ready if known, else configured)")
        .labelNames("adapter", "function").register(registry);
    drift = Counter.builder().name("prescale_adapter_drift_total")
        .help("Targets found changed outside Prescale by the periodic reconcile")
        .labelNames("adapter").register(registry);
  }

  void request(String adapter, String outcome) {
    requests.labelValues(adapter, outcome).inc();
  }

  void latency(String adapter, long nanos) {
    latency.labelValues(adapter).observe(nanos / 1e9);
  }

  void actual(String adapter, String function, int instances) {
    actual.labelValues(adapter, function).set(instances);
  }

  void forget(String adapter, String function) {
    actual.remove(adapter, function);
  }

  void drift(String adapter) {
    drift.labelValues(adapter).inc();
  }
}
