package io.prescale.app.demo;

/**
 * One line of the live table, a snapshot of one function on the emulated platform.
 *
 * @param function the collector's key
 * @param rate arrivals per second over the last 10 s
 * @param forecast the decision's forecast arrivals per second, NaN when the decider gives none
 * @param desired the latest valid decision's desired instances, -1 before any
 * @param ready ready instances (idle or busy)
 * @param starting instances in their cold start
 * @param inFlight requests being served or waiting for a starting instance
 * @param coldStarts requests that waited for an instance to start
 * @param arrivals requests sent so far
 * @param completed requests completed (and reported as spans)
 * @param decider the decider behind the latest decision, empty before any
 */
record FunctionRow(
    String function,
    double rate,
    double forecast,
    int desired,
    int ready,
    int starting,
    int inFlight,
    long coldStarts,
    long arrivals,
    long completed,
    String decider) {}
