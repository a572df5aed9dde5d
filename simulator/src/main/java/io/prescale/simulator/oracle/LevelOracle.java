package io.prescale.simulator.oracle;

import java.util.Arrays;

/**
 * One function's offline optimum, level by level, for both oracles. {@code n(t)}: requests
 * executing at {@code t} (each over {@code [arrival, arrival + duration)}), {@code c} requests per
 * instance, {@code m(t) = ceil(n(t) / c)} instances needed.
 *
 * <p><b>The shape of every such optimum.</b> A schedule holds {@code r(t) >= m(t)} instances and
 * pays {@code integral r(t) dt} plus a price {@code S} per start (a unit rise of {@code r}). Cut
 * {@code r} into levels {@code I_k(t) = [r(t) >= k]}: the integral of {@code r} is the sum of the
 * levels' integrals, its unit rises are the sum of the levels' rises, and level {@code k} must
 * cover {@code {m(t) >= k}}. So any schedule costs at least the sum, over {@code k}, of the
 * cheapest cover of that set alone: its intervals, one start ({@code S}), and for each gap
 * {@code g} between two of its intervals the cheaper of keeping ({@code g}) and stopping then
 * starting again ({@code S}), each gap on its own. Adding those per-level covers gives an
 * {@code r} that costs exactly that sum, so it is the optimum: keep iff {@code g <= S}. With
 * {@code c = 1} instances are interchangeable, so it is realizable as is (a rise is an instance
 * started in time, a fall leaves an idle instance to stop); this is also the greedy that gives each
 * request the most recently freed instance (level {@code k}'s last fall is the latest free time).
 * With {@code c > 1} it is a lower bound a real placement may miss (requests cannot move between
 * instances, so one can stay partly busy when {@code m} falls).
 *
 * <ul>
 *   <li>{@code oracle}: {@code S = C}, the start-up delay, paid in instance time; every start is
 *       begun {@code C} before its arrival, so no request waits. Bound: take any policy on the
 *       on-demand platform; move the start of each instance that served a cold request earlier by
 *       that request's wait ({@code <= C}), and it serves it on arrival: a schedule with no cold
 *       start costing at most {@code instance-s + C x coldStarts}. So at any price {@code P >= C}
 *       no policy's {@code instance-s + P x coldStarts} is below the oracle's.</li>
 *   <li>{@code oracle-keepalive}: {@code S = P}, the cold-start price, and each start is a cold
 *       start charged only that price (no start-up instance time). Bound: take any policy that
 *       never pre-warms, on the on-demand platform; let each cold request run from its arrival on
 *       the instance started for it, which then sits idle for the wait instead: the instance time
 *       is unchanged, every start is a cold start, and requests run on arrival, so this relaxed
 *       schedule costs exactly the policy's {@code instance-s + P x coldStarts} and the optimum
 *       is at most that. It is not reachable as such (a real cold start also pays its start-up and
 *       delays its request); that is the price of a bound that holds for every keep-alive.</li>
 * </ul>
 *
 * <p>Streaming: one pass over the requests in arrival order, a heap of end times (ends at or
 * before an arrival come first: an instance freed at {@code t} serves a request arriving at
 * {@code t}), and per level its last rise and fall: {@code O(log peak)} per request, memory in the
 * function's peak concurrency.
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
   * @param startupNanos  instance time charged per start, and how long before its arrival it begins
   * @param keepNanos     the longest idle gap worth keeping: the price of a start
   * @param startsAreCold whether a start is a cold start (its request waits the start-up)
   */
  LevelOracle(int fn, long startupNanos, long keepNanos, boolean startsAreCold, int concurrency,
      OracleSchedule schedule) {
    super(fn, startupNanos, schedule);
    this.slots = concurrency;
    this.keepNanos = keepNanos;
    this.leadNanos = startsAreCold ? 0 : startupNanos;
    this.startsAreCold = startsAreCold;
  }

  /** {@code oracle}: pre-warms a start-up {@code coldNanos} ahead, keeps a gap iff {@code <= coldNanos}. */
  static LevelOracle prewarm(int fn, long coldNanos, int concurrency, OracleSchedule schedule) {
    return new LevelOracle(fn, coldNanos, coldNanos, false, concurrency, schedule);
  }

  /** {@code oracle-keepalive}: keeps a gap iff {@code <= priceNanos}, a release costs a cold start at that price. */
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
