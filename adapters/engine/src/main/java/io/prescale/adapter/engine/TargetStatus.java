package io.prescale.adapter.engine;

/**
 * One target as the engine sees it, for the API.
 *
 * @param target target id
 * @param adapter adapter name
 * @param function the function last bound to it
 * @param goal latest desired count after the spec's bounds, -1 before any
 * @param configured platform's configured count as last read or applied, -1 unknown
 * @param ready ready instances as last read, -1 unknown
 * @param lastApplied the count Prescale last set, -1 before any
 * @param breaker closed, open or half_open
 * @param invalid why the binding cannot be used, null when it can
 */
public record TargetStatus(
    String target,
    String adapter,
    String function,
    int goal,
    int configured,
    int ready,
    int lastApplied,
    String breaker,
    String invalid) {}
