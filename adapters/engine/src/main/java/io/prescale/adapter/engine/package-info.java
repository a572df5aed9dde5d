/**
 * The behaviour every adapter shares, written once: coalescing to the latest decision, clamping,
 * skipping no-ops, retries with backoff and jitter, a circuit breaker per target, a periodic
 * reconcile that reports drift, a bounded audit log and Prometheus metrics.
 */
package io.prescale.adapter.engine;
