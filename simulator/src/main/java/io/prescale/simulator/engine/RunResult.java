package io.prescale.simulator.engine;

import java.util.List;

/**
 * The outcome of one policy on one platform. Times in seconds unless named otherwise.
 *
 * @param coldStarts requests that found no warm instance with a free slot and were served by an
 *     instance that became ready after they arrived
 * @param coldStartRatioP75Function 75th percentile (nearest rank) of the per-function cold-start
 *     ratio over functions with at least one invocation
 * @param waitP50Ms wait from arrival to execution start (cold start + queueing)
 * @param busyInstanceSeconds time instances had at least one request executing
 * @param scalingActions changes of a function's decided desired count, summed
 * @param unserved requests not finished when the run ended (drain limit reached)
 * @param decisions decider calls
 * @param simulatedSeconds virtual time simulated, trace start to run end
 * @param series per-minute series of the busiest functions
 */
public record RunResult(
    String policy,
    String platform,
    long invocations,
    long coldStarts,
    double coldStartRatio,
    double coldStartRatioP75Function,
    double waitP50Ms,
    double waitP99Ms,
    double waitP999Ms,
    double instanceSeconds,
    double idleInstanceSeconds,
    double busyInstanceSeconds,
    double memoryGbSeconds,
    long scalingActions,
    long unserved,
    long decisions,
    double simulatedSeconds,
    List<MinuteSeries> series) {

  public RunResult {
    series = List.copyOf(series);
  }
}
