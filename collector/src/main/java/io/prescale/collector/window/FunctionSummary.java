package io.prescale.collector.window;

import io.prescale.core.FunctionKey;

/**
 * One function at a glance, as {@code GET /api/v1/functions} shows it.
 *
 * @param function the key
 * @param invocationsTotal invocations since first seen
 * @param coldStartsTotal cold starts since first seen
 * @param errorsTotal failed invocations since first seen
 * @param timeoutsTotal timeouts since first seen (metrics only)
 * @param windowSeconds length of the rate window
 * @param arrivalsInWindow invocations that started within the window
 * @param errorsInWindow failed invocations that ended within the window
 * @param coldStartsInWindow cold starts within the window
 * @param ratePerSecond arrivals per second over the window
 * @param concurrency time-weighted mean in-flight invocations over the window
 * @param durationP50Ms median recent duration, ms (NaN when none)
 * @param durationP99Ms 99th percentile recent duration, ms (NaN when none)
 * @param initDurationP50Ms median recent cold-start initialisation, ms (NaN when none)
 * @param liveInstances distinct instances seen within the instance window
 * @param firstSecond epoch second of the first data, or {@code Long.MIN_VALUE}
 * @param lastSeenNanos newest data time, epoch nanos, or {@code Long.MIN_VALUE}
 * @param lateDropped records refused as later than the allowed lateness
 */
public record FunctionSummary(
    FunctionKey function,
    long invocationsTotal,
    long coldStartsTotal,
    long errorsTotal,
    long timeoutsTotal,
    int windowSeconds,
    long arrivalsInWindow,
    long errorsInWindow,
    long coldStartsInWindow,
    double ratePerSecond,
    double concurrency,
    double durationP50Ms,
    double durationP99Ms,
    double initDurationP50Ms,
    int liveInstances,
    long firstSecond,
    long lastSeenNanos,
    long lateDropped) {}
