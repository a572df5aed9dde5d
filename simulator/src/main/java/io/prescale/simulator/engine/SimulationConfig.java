package io.prescale.simulator.engine;

import io.prescale.core.time.Durations;
import io.prescale.simulator.platform.PlatformKind;
import io.prescale.simulator.trace.Placement;
import java.time.Duration;
import java.util.Objects;

/**
 * One simulation run's settings (the decider spec is separate).
 *
 * @param platform on-demand or autoscaled
 * @param concurrency requests one instance serves at once
 * @param coldStart start-up delay of a new instance (the median when {@code coldStartSigma > 0})
 * @param coldStartSigma 0 for a fixed delay; else each function's delay is drawn once, seeded, from
 *     a log-normal with median {@code coldStart} and this sigma
 * @param seed seeds placement, durations and cold-start draws
 * @param placement how per-minute counts are placed inside the minute
 * @param skipQuiescent skip decision ticks of functions whose decider provably repeats itself
 * @param drainLimit how long after the trace end to wait for queued requests
 * @param seriesFunctions how many of the busiest functions get per-minute series for charts
 */
public record SimulationConfig(
    PlatformKind platform,
    int concurrency,
    Duration coldStart,
    double coldStartSigma,
    long seed,
    Placement placement,
    boolean skipQuiescent,
    Duration drainLimit,
    int seriesFunctions) {

  public SimulationConfig {
    Objects.requireNonNull(platform, "platform");
    Objects.requireNonNull(coldStart, "coldStart");
    Objects.requireNonNull(placement, "placement");
    Objects.requireNonNull(drainLimit, "drainLimit");
    if (concurrency < 1) {
      throw new IllegalArgumentException(
          "concurrency = " + concurrency + ", must be in [1; 2147483647]");
    }
    if (coldStart.isNegative()) {
      throw new IllegalArgumentException(
          "coldStart = " + Durations.format(coldStart) + ", must be in [0s; inf)");
    }
    if (!(coldStartSigma >= 0 && coldStartSigma <= 5)) {
      throw new IllegalArgumentException(
          "coldStartSigma = " + coldStartSigma + ", must be in [0; 5]");
    }
    if (seriesFunctions < 0) {
      throw new IllegalArgumentException("seriesFunctions = " + seriesFunctions + ", must be >= 0");
    }
  }

  /** Defaults: concurrency 1, cold start 1 s fixed, seed 1, uniform placement, skipping on. */
  public static SimulationConfig defaults(PlatformKind platform) {
    return new SimulationConfig(
        platform, 1, Duration.ofSeconds(1), 0, 1, Placement.UNIFORM, true, Duration.ofHours(1), 3);
  }

  public SimulationConfig withPlatform(PlatformKind v) {
    return new SimulationConfig(
        v,
        concurrency,
        coldStart,
        coldStartSigma,
        seed,
        placement,
        skipQuiescent,
        drainLimit,
        seriesFunctions);
  }

  public SimulationConfig withSkipQuiescent(boolean v) {
    return new SimulationConfig(
        platform,
        concurrency,
        coldStart,
        coldStartSigma,
        seed,
        placement,
        v,
        drainLimit,
        seriesFunctions);
  }

  public SimulationConfig withColdStart(Duration v) {
    return new SimulationConfig(
        platform,
        concurrency,
        v,
        coldStartSigma,
        seed,
        placement,
        skipQuiescent,
        drainLimit,
        seriesFunctions);
  }
}
