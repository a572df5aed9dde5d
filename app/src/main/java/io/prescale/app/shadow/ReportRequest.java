package io.prescale.app.shadow;

import io.prescale.app.export.ExportRequest;
import io.prescale.core.time.Durations;
import io.prescale.simulator.platform.PlatformKind;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What a shadow report replays: the window, and the simulator settings the arrivals are replayed
 * with ({@code prescale simulate}'s, so the same settings there give the same numbers).
 *
 * @param since the window before the last complete minute, [1m; 90d]
 * @param platform what the observed platform is: {@code autoscaled} (Knative, Kubernetes) or {@code
 *     on-demand} (Lambda-like)
 * @param policies {@code prescale} first, then the baselines to compare with
 */
record ReportRequest(
    Duration since,
    PlatformKind platform,
    Duration coldStart,
    long seed,
    int concurrency,
    List<String> policies) {
  static final String PRESCALE = "prescale";

  ReportRequest {
    Objects.requireNonNull(since, "since");
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(coldStart, "coldStart");
    new ExportRequest(since, ExportRequest.AUTO, false, ""); // the window's checks
    if (coldStart.isNegative() || coldStart.compareTo(Duration.ofMinutes(10)) > 0) {
      throw new IllegalArgumentException(
          "cold-start = " + Durations.format(coldStart) + ", must be in [0s; 10m]");
    }
    if (concurrency < 1 || concurrency > 10_000) {
      throw new IllegalArgumentException(
          "concurrency = " + concurrency + ", must be in [1; 10000]");
    }
    policies = List.copyOf(policies);
    if (policies.isEmpty() || !policies.get(0).equals(PRESCALE)) {
      throw new IllegalArgumentException("policies = " + policies + ", must start with prescale");
    }
  }

  /**
   * The defaults: 24h on autoscaled, 1s cold starts, seed 1, concurrency 1, prescale vs kpa, hpa,
   * keda.
   */
  static ReportRequest defaults(Duration since) {
    return new ReportRequest(
        since,
        PlatformKind.AUTOSCALED,
        Duration.ofSeconds(1),
        1,
        1,
        defaultPolicies(PlatformKind.AUTOSCALED));
  }

  /** prescale and the baselines that apply on {@code platform}. */
  static List<String> defaultPolicies(PlatformKind platform) {
    return platform == PlatformKind.AUTOSCALED
        ? List.of(PRESCALE, "kpa", "hpa", "keda")
        : List.of(PRESCALE, "kpa", "keepalive-10m", "keepalive-20m", "hybrid-histogram");
  }
}
