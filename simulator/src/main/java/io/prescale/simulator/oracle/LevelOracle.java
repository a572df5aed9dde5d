package io.prescale.simulator.oracle;

import java.util.Arrays;

/**
 * One function's offline optimum, level by level, for both oracles ({@code oracle}: start price =
 * the start-up delay; {@code oracle-keepalive}: start price = the cold-start price), streaming in
 * arrival order with a heap of end times. Why it is optimal, why each is a bound, and the
 * streaming: {@code docs/oracles.md}.
 */
final class LevelOracle extends FunctionOracle {
  private static final long NEVER = Long.MIN_VALUE;

  private final int slots;
  private final long keepNanos;
  private final long leadNanos;
  private final boolean startsAreCold;
  private final EndHeap ends = new EndHeap();
  private long[] riseAt = new long[4];
  private long[] fallAt = new long[4];
  private int levels;
  private int inFlight;
  private boolean cold;

  /**
   * @param startupNanos instance time charged per start, and how long before its arrival it begins
   * @param keepNanos the longest idle gap worth keeping: the price of a start
   * @param startsAreCold whether a start is a cold start (its request waits the start-up)
   */
  LevelOracle(
      int fn,
      long startupNanos,
      long keepNanos,
      boolean startsAreCold,
      int concurrency,
      OracleSchedule schedule) {
    super(fn, startupNanos, schedule);
    this.slots = concurrency;
    this.keepNanos = keepNanos;
    this.leadNanos = startsAreCold ? 0 : startupNanos;
    this.startsAreCold = startsAreCold;
  }

  /**
   * {@code oracle}: pre-warms a start-up {@code coldNanos} ahead, keeps a gap iff {@code <=
   * coldNanos}.
   */
  static LevelOracle prewarm(int fn, long coldNanos, int concurrency, OracleSchedule schedule) {
    return new LevelOracle(fn, coldNanos, coldNanos, false, concurrency, schedule);
  }

  /**
   * {@code oracle-keepalive}: keeps a gap iff {@code <= priceNanos}, a release costs a cold start
   * at that price.
   */
  static LevelOracle keepAlive(int fn, long priceNanos, int concurrency, OracleSchedule schedule) {
    return new LevelOracle(fn, 0, priceNanos, true, concurrency, schedule);
  }

  @Override
  boolean arrive(long a, long d) {
    drainTo(a);
    invocations++;
    cold = false;
    if (inFlight % slots == 0) {
      rise(inFlight / slots, a);
    }
    inFlight++;
    ends.push(a + d);
    return cold;
  }

  @Override
  void finish() {
    drainTo(Long.MAX_VALUE);
    for (int k = 0; k < levels; k++) {
      stop(fallAt[k]);
    }
  }

  private void drainTo(long t) {
    while (!ends.isEmpty() && ends.peek() <= t) {
      long e = ends.pop();
      inFlight--;
      if (inFlight % slots == 0) {
        int k = inFlight / slots;
        busyNanos += e - riseAt[k];
        fallAt[k] = e;
      }
    }
  }

  private void rise(int k, long t) {
    if (k == levels) {
      if (k == riseAt.length) {
        riseAt = Arrays.copyOf(riseAt, k * 2);
        fallAt = Arrays.copyOf(fallAt, k * 2);
      }
      levels++;
      fallAt[k] = NEVER;
    }
    if (fallAt[k] == NEVER) {
      begin(t);
    } else {
      long gap = t - fallAt[k];
      if (gap <= keepNanos) {
        idleNanos += gap;
      } else {
        stop(fallAt[k]);
        begin(t);
      }
    }
    riseAt[k] = t;
  }

  private void begin(long t) {
    start(t - leadNanos);
    if (startsAreCold) {
      coldStarts++;
      cold = true;
    }
  }
}
