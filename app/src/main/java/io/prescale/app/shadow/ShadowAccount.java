package io.prescale.app.shadow;

import java.util.ArrayDeque;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;

/**
 * One shadow function's account: running totals of what the platform did and what Prescale would
 * have done, and the same per minute for the last {@link ShadowLedger#MAX_MINUTES} minutes that had
 * any. Not thread-safe: {@link ShadowLedger} locks.
 */
final class ShadowAccount {
  /**
   * One minute of the account.
   *
   * @param epochMinute epoch second / 60
   * @param observedInstanceSeconds instances seen on the platform x time
   * @param wouldInstanceSeconds instances Prescale's decisions asked for x time
   * @param observedColdStarts cold starts the platform reported
   * @param wouldColdStarts arrivals Prescale's decided instances would not have had room for
   */
  record Minute(
      long epochMinute,
      double observedInstanceSeconds,
      double wouldInstanceSeconds,
      long observedColdStarts,
      long wouldColdStarts) {
    Minute plus(Minute o) {
      return new Minute(
          epochMinute,
          observedInstanceSeconds + o.observedInstanceSeconds,
          wouldInstanceSeconds + o.wouldInstanceSeconds,
          observedColdStarts + o.observedColdStarts,
          wouldColdStarts + o.wouldColdStarts);
    }
  }

  double observedInstanceSeconds;
  double wouldInstanceSeconds;
  long observedColdStarts;
  long wouldColdStarts;

  /** Data time of the last tick, epoch nanos; Long.MIN_VALUE before the first. */
  long lastNanos = Long.MIN_VALUE;

  /** The last complete second accounted for. */
  long lastSecond = Long.MIN_VALUE;

  /** The platform's cumulative cold starts at the last tick. */
  long lastColdTotal;

  /** What the last valid decision asked for. */
  int desired;

  /**
   * Recent changes of {@link #desired}: {epoch second from which it held, desired}, oldest first.
   */
  private final ArrayDeque<long[]> desiredSince = new ArrayDeque<>();

  /** Notes that {@code d} is the desired count from {@code second} on. */
  void desire(int d, long second) {
    desired = d;
    long[] last = desiredSince.peekLast();
    if (last == null || last[1] != d) {
      desiredSince.addLast(new long[] {second, d});
    }
    while (desiredSince.size() > 1 && desiredSince.size() > ShadowLedger.MAX_GAP_SECONDS * 2) {
      desiredSince.pollFirst();
    }
  }

  /** The desired count that held during {@code second} (the oldest one kept before them). */
  long desiredAt(long second) {
    long d = desiredSince.isEmpty() ? desired : desiredSince.peekFirst()[1];
    for (long[] c : desiredSince) {
      if (c[0] > second) {
        break;
      }
      d = c[1];
    }
    return d;
  }

  /** Forgets changes before {@code second} except the one in effect then. */
  void forgetDesiredBefore(long second) {
    while (desiredSince.size() > 1) {
      Iterator<long[]> it = desiredSince.iterator();
      it.next();
      if (it.next()[0] > second) {
        return;
      }
      desiredSince.pollFirst();
    }
  }

  /** The platform's instances observed at the last tick. */
  long seen;

  private final ArrayDeque<Minute> minutes = new ArrayDeque<>();

  /** Adds to the totals and to {@code m}'s minute. */
  void add(Minute m) {
    observedInstanceSeconds += m.observedInstanceSeconds();
    wouldInstanceSeconds += m.wouldInstanceSeconds();
    observedColdStarts += m.observedColdStarts();
    wouldColdStarts += m.wouldColdStarts();
    Minute last = minutes.peekLast();
    if (last != null && last.epochMinute() == m.epochMinute()) {
      minutes.pollLast();
      minutes.addLast(last.plus(m));
    } else if (last == null || last.epochMinute() < m.epochMinute()) {
      minutes.addLast(m);
      while (minutes.size() > ShadowLedger.MAX_MINUTES) {
        minutes.pollFirst();
      }
    }
    // a minute before the newest (a clock step back) counts in the totals only
  }

  /** The minutes in [fromMinute; toMinute), oldest first. */
  List<Minute> minutes(long fromMinute, long toMinute) {
    List<Minute> out = new ArrayList<>();
    for (Minute m : minutes) {
      if (m.epochMinute() >= fromMinute && m.epochMinute() < toMinute) {
        out.add(m);
      }
    }
    return out;
  }

  List<Minute> allMinutes() {
    return new ArrayList<>(minutes);
  }
}
