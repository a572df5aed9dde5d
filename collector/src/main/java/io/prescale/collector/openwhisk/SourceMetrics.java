package io.prescale.collector.openwhisk;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** The source's series; {@code namespace} takes only the configured namespaces. */
final class SourceMetrics {
  final Counter polls;
  final Counter activations;
  final Histogram wait;
  final Gauge seen;
  final Gauge lag;

  SourceMetrics(PrometheusRegistry registry) {
    polls =
        Counter.builder()
            .name("prescale_openwhisk_polls")
            .help(
                "Polls of the OpenWhisk activations API by namespace and outcome (ok, throttled: a"
                    + " 429, failed: an error, a timeout or an unreadable answer)")
            .labelNames("namespace", "outcome")
            .register(registry);
    activations =
        Counter.builder()
            .name("prescale_openwhisk_activations")
            .help(
                "Activation records read by namespace and outcome (success, application_error,"
                    + " developer_error, internal_error: taken as invocations; duplicate, warmup,"
                    + " not_action, invalid, rejected: not taken)")
            .labelNames("namespace", "outcome")
            .register(registry);
    wait =
        Histogram.builder()
            .name("prescale_openwhisk_wait_seconds")
            .help(
                "The waitTime annotation of the activations taken (queueing before the action ran)")
            .labelNames("namespace")
            .classicUpperBounds(0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10, 30)
            .register(registry);
    seen =
        Gauge.builder()
            .name("prescale_openwhisk_seen_ids")
            .help("Recent activation ids remembered per namespace so that none counts twice")
            .labelNames("namespace")
            .register(registry);
    lag =
        Gauge.builder()
            .name("prescale_openwhisk_cursor_lag_seconds")
            .help("Time between the last successful poll and the latest activation start taken")
            .labelNames("namespace")
            .register(registry);
  }
}
