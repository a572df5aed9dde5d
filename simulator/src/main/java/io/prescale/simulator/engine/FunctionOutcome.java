package io.prescale.simulator.engine;

/**
 * One function's share of a run, reported to {@link SimulationHooks#finished} when the run ends;
 * the run's totals are the sums of these.
 *
 * @param fn index of the function in the trace
 * @param mode the mode it was last decided with
 * @param instanceSeconds start to stop of its instances (start-up included)
 * @param idleInstanceSeconds its instances ready with no request
 * @param decisions its decider calls
 */
public record FunctionOutcome(
    int fn,
    String mode,
    long invocations,
    long coldStarts,
    double instanceSeconds,
    double idleInstanceSeconds,
    double memoryGbSeconds,
    long scalingActions,
    long decisions) {}
