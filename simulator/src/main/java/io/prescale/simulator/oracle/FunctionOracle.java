package io.prescale.simulator.oracle;

/**
 * One function's offline schedule, built from its requests in arrival order (the same realized
 * arrivals and durations the platform pools see with the same seed). Memory grows with the
 * function's peak concurrency, never with its request count.
 */
abstract class FunctionOracle {
  final int fn;
  final long coldNanos;
  final OracleSchedule schedule;

  long invocations;
  long coldStarts;
  long starts;
  long stops;
  long busyNanos;
  long idleNanos;

  FunctionOracle(int fn, long coldNanos, OracleSchedule schedule) {
    this.fn = fn;
    this.coldNanos = coldNanos;
    this.schedule = schedule;
  }

  /**
   * A request arrives at {@code a} and executes {@code d} once on an instance; true when it starts
   * cold.
   */
  abstract boolean arrive(long a, long d);

  /** No more requests: every remaining request ends and every instance stops. */
  abstract void finish();

  /** Instance time: start-up of every start, plus busy, plus idle time kept. */
  final long instanceNanos() {
    return busyNanos + idleNanos + starts * coldNanos;
  }

  final void start(long at) {
    starts++;
    schedule.started(fn, at);
  }

  final void stop(long at) {
    stops++;
    schedule.stopped(fn, at);
  }
}
