package io.prescale.adapter.engine;

/**
 * What the platform reports for a function's targets (the largest over its targets).
 *
 * @param ready ready instances as last read, -1 unknown (the adapter reads no readiness)
 * @param configured configured count as last read or applied, -1 unknown
 */
public record ActualCounts(int ready, int configured) {}
