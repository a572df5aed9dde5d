package io.prescale.simulator.engine;

import io.prescale.core.time.EpochNanos;

/**
 * Time-weighted mean in-flight requests per completed second, reported the way Knative's
 * queue-proxy and activator report it: a second is written only once it is over, and seconds with
 * nothing in flight are not written (the windows answer zero for them).
 */
final class ConcurrencyMeter {
  private static final long SECOND = EpochNanos.PER_SECOND;

  /** Receives one completed second. */
  interface Sink {
    void second(long epochSecond, double meanInFlight);
  }

  private final Sink sink;
  private long second = Long.MIN_VALUE;
  private long last;
  private double accum;
  private long inFlight;

  /**
   * @param sink receives completed seconds; null to count in-flight requests only
   */
  ConcurrencyMeter(Sink sink) {
    this.sink = sink;
  }

  long inFlight() {
    return inFlight;
  }

  /** In-flight changes by {@code delta} at {@code t} (times never decrease). */
  void change(long t, int delta) {
    if (sink != null) {
      advance(t);
    }
    inFlight += delta;
  }

  /** Writes every second that ended by {@code t}. */
  void advance(long t) {
    if (sink == null) {
      return;
    }
    long sec = Math.floorDiv(t, SECOND);
    if (second == Long.MIN_VALUE || (inFlight == 0 && accum == 0)) {
      second = sec;
      last = t;
      return;
    }
    if (sec > second) {
      long end = (second + 1) * SECOND;
      accum += (double) inFlight * (end - last);
      if (accum > 0) {
        sink.second(second, accum / SECOND);
      }
      accum = 0;
      if (inFlight > 0) {
        for (long s = second + 1; s < sec; s++) {
          sink.second(s, inFlight);
        }
      }
      second = sec;
      last = sec * SECOND;
    }
    accum += (double) inFlight * (t - last);
    last = t;
  }
}
