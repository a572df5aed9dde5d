package io.prescale.adapter.engine;

import java.time.Instant;

/**
 * One entry of the audit log, as served by {@code GET /api/v1/actions}.
 *
 * @param seq increasing number, for paging
 * @param at wall time
 * @param function function key
 * @param adapter adapter name
 * @param target target id
 * @param action apply, reconcile, drift, breaker-open
 * @param from count before, -1 when unknown
 * @param to count asked for
 * @param outcome noop, scaled, rejected, failed, retry
 * @param attempt attempt number for this decision, from 1
 * @param detail one line a person reads
 */
public record ActionRecord(
    long seq,
    Instant at,
    String function,
    String adapter,
    String target,
    String action,
    int from,
    int to,
    String outcome,
    int attempt,
    String detail) {}
