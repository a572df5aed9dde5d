package io.prescale.simulator.trace;

/** One function's explicit arrivals and durations, already sorted by arrival. */
final class ArrayCursor extends FunctionCursor {
  private final long[] arrivals;
  private final long[] durations;
  private int pos = -1;

  ArrayCursor(int function, long[] arrivals, long[] durations) {
    super(function);
    this.arrivals = arrivals;
    this.durations = durations;
  }

  @Override
  boolean advance() {
    if (++pos >= arrivals.length) {
      return false;
    }
    arrival = arrivals[pos];
    duration = durations[pos];
    return true;
  }
}
