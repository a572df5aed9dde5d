package io.prescale.autoscaler.predictive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * On an on-demand platform the decider's first instance is never much worse than the operator's
 * keep-alive on the same traffic: scored as the decider scores it (a cold start at the policy's
 * price plus the idle instance-seconds held), it falls behind by at most about one cold start.
 */
class KeepAliveGuardTest {
  private static final long T0 = OnDemandHarness.T0;
  private static final double W = OnDemandHarness.W;

  @Test
  void longRequestsWithIrregularShortGapsEndUpHeldLikeTheKeepAlive() {
    // 3-minute requests, idle gaps log-uniform between 5 s and 9 min: a fixed 10-minute
    // keep-alive is never cold here, and no pre-warm can guess the next arrival
    for (long seed = 1; seed <= 3; seed++) {
      Random r = new Random(seed);
      List<Long> arrivals = new ArrayList<>();
      long t = T0 + 30;
      for (int i = 0; i < 80; i++) {
        arrivals.add(t);
        t += 180 + (long) Math.exp(Math.log(5) + r.nextDouble() * (Math.log(540) - Math.log(5)));
      }
      OnDemandHarness.Outcome o = OnDemandHarness.run(arrivals, 180);
      assertEquals(1, o.keepAliveCold, "the keep-alive's cold starts: the first request only");
      assertTrue(
          o.score() <= o.keepAliveScore() + 2 * W,
          "seed " + seed + ": decider " + o + " against keep-alive " + o.keepAliveScore());
    }
  }

  @Test
  void aLongTimerKeepsItsOwnCheaperRules() {
    // a timer every 30.5 minutes with 1 s requests: the keep-alive pays 10 idle minutes and a
    // cold start each time. The decider holds a little longer than the keep-alive while it has
    // seen no gap, so the guard may hold at first; once pre-warms meet the ticks, it lets go
    List<Long> arrivals = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      arrivals.add(T0 + 30 + 1830L * i);
    }
    OnDemandHarness.Outcome o = OnDemandHarness.run(arrivals, 1);
    assertTrue(
        o.lastGuardArrival < 6,
        "the guard still held before arrival " + o.lastGuardArrival + ": " + o);
    assertTrue(o.cold <= 3, "pre-warms met the ticks: " + o);
    assertTrue(o.score() < o.keepAliveScore() - 5 * W, o + " against " + o.keepAliveScore());
  }
}
