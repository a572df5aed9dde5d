package io.prescale.policy;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.time.Instant;

/**
 * The {@code prescale_policy_*} series when no policy file is given: the built-in defaults count as
 * loaded once, at start (last reload a success, no reload errors, no rules removed, loaded at
 * start; version 0, as {@code GET /api/v1/policy} reports the built-in defaults), so dashboards and
 * alerts read the same series with or without {@code --config}.
 */
public final class BuiltInPolicyMetrics {
  private BuiltInPolicyMetrics() {}

  public static void register(PrometheusRegistry registry, Instant loadedAt) {
    ReloadMetrics m = new ReloadMetrics(registry);
    m.loaded(0, loadedAt.getEpochSecond() + loadedAt.getNano() / 1e9);
    m.removedRules(0);
  }
}
