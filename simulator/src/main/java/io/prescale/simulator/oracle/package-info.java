/**
 * Offline limits a policy can be measured against: {@code oracle} (knows every future arrival and
 * duration, pre-warms, zero cold starts at the least instance time) and {@code oracle-keepalive}
 * (the same knowledge, but may only keep or release, never pre-warm). Simulator-only: they read the
 * run's own realized requests, which no production decider can.
 */
package io.prescale.simulator.oracle;
