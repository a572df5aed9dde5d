package io.prescale.policy;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/** The watcher's Prometheus series, registered into the registry it is given. */
final class ReloadMetrics {
  private final Gauge success;
  private final Counter errors;
  private final Gauge version;
  private final Gauge loadedAt;
  private final Gauge removed;

  ReloadMetrics(PrometheusRegistry registry) {
    success =
        Gauge.builder()
            .name("prescale_policy_last_reload_success")
            .help(
                "1 when the policy file on disk is the active policy, 0 while it is invalid, missing or unreadable")
            .register(registry);
    errors =
        Counter.builder()
            .name("prescale_policy_reload_errors_total")
            .help("Policy file versions that could not be loaded (each bad version counts once)")
            .register(registry);
    version =
        Gauge.builder()
            .name("prescale_policy_active_version")
            .help(
                "Version number of the active policy: 1 for the first load, +1 per successful reload")
            .register(registry);
    loadedAt =
        Gauge.builder()
            .name("prescale_policy_last_reload_timestamp_seconds")
            .help("When the active policy was loaded, seconds since the Unix epoch")
            .register(registry);
    removed =
        Gauge.builder()
            .name("prescale_policy_last_reload_removed_rules")
            .help(
                "Rules of the previous version that the last reload dropped (0 when it dropped none)")
            .register(registry);
    success.set(1);
  }

  void removedRules(int n) {
    removed.set(n);
  }

  void loaded(long activeVersion, double epochSeconds) {
    success.set(1);
    version.set(activeVersion);
    loadedAt.set(epochSeconds);
  }

  void failed() {
    success.set(0);
    errors.inc();
  }

  void recovered() {
    success.set(1);
  }
}
