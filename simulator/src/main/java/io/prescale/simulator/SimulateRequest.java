package io.prescale.simulator;

import io.prescale.core.time.Durations;
import io.prescale.simulator.platform.PlatformKind;
import io.prescale.simulator.trace.Placement;
import io.prescale.simulator.trace.TraceOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * What {@code prescale simulate} was asked: validated settings for {@link Simulator#run}.
 *
 * @param policies command-line policy names, in report order
 * @param platforms platforms, in report order
 * @param threads runs in parallel (results do not depend on it)
 * @param skipQuiescent skip ticks that provably repeat the last decision (same results, faster)
 * @param coldStartPrice price of one cold start in instance-seconds, for both platforms; null: each
 *     platform's default ({@link io.prescale.simulator.oracle.ColdStartPrice})
 * @param vsOracle report every policy's distance to {@code oracle}, running it when not named
 *     (naming {@code oracle} reports the distance too)
 */
public record SimulateRequest(
    Path trace,
    List<String> policies,
    List<PlatformKind> platforms,
    Duration coldStart,
    double coldStartSigma,
    int concurrency,
    long seed,
    Placement placement,
    boolean sweep,
    int threads,
    boolean skipQuiescent,
    TraceOptions traceOptions,
    Duration coldStartPrice,
    boolean vsOracle) {

  /**
   * A request with the default cold-start price and no distance to the oracle unless it is named.
   */
  public SimulateRequest(
      Path trace,
      List<String> policies,
      List<PlatformKind> platforms,
      Duration coldStart,
      double coldStartSigma,
      int concurrency,
      long seed,
      Placement placement,
      boolean sweep,
      int threads,
      boolean skipQuiescent,
      TraceOptions traceOptions) {
    this(
        trace,
        policies,
        platforms,
        coldStart,
        coldStartSigma,
        concurrency,
        seed,
        placement,
        sweep,
        threads,
        skipQuiescent,
        traceOptions,
        null,
        false);
  }

  public SimulateRequest {
    Objects.requireNonNull(trace, "trace");
    policies = List.copyOf(policies);
    platforms = List.copyOf(platforms);
    Objects.requireNonNull(coldStart, "coldStart");
    Objects.requireNonNull(placement, "placement");
    Objects.requireNonNull(traceOptions, "traceOptions");
    if (policies.isEmpty()) {
      throw new IllegalArgumentException("policy list is empty, name at least one policy");
    }
    if (platforms.isEmpty()) {
      throw new IllegalArgumentException("platform list is empty");
    }
    if (coldStartPrice != null && (coldStartPrice.isNegative() || coldStartPrice.isZero())) {
      throw new IllegalArgumentException(
          "coldStartPrice = " + Durations.format(coldStartPrice) + ", must be in (0s; inf)");
    }
    if (threads < 1) {
      throw new IllegalArgumentException("threads = " + threads + ", must be in [1; 2147483647]");
    }
  }
}
