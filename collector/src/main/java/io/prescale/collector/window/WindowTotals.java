package io.prescale.collector.window;

/**
 * The scalar state of one {@link FunctionWindows} (totals since first seen, the classic histogram,
 * first and newest times): what a snapshot saves besides the tiers, sketches and instances.
 *
 * @param classic classic histogram counts ({@link ClassicBuckets#count()} of them), null when none
 */
public record WindowTotals(
    long firstSecond,
    long lastArrivalNanos,
    long newestNanos,
    long invocations,
    long coldStarts,
    long errors,
    long timeouts,
    long lateDropped,
    long[] classic,
    double durationSum,
    long durationCount) {}
