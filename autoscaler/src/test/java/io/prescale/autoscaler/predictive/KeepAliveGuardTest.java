package io.prescale.autoscaler.predictive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.Decider;
import io.prescale.core.decide.DeciderProvider;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.spi.Providers;
import java.time.Instant;
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
  private static final long T0 = 1_700_000_040L - 1_700_000_040L % 3600;
  private static final DeciderSpec SPEC = DeciderSpec.defaults();
  private static final double K = SPEC.keepAlive().toMillis() / 1000.0;
  private static final double W = WarmEconomics.coldStartWeightSeconds(SPEC, PredictiveDecider.quantile(SPEC), true);

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
      Outcome o = run(arrivals, 180);
      assertEquals(1, o.keepAliveCold, "the keep-alive's cold starts: the first request only");
      assertTrue(o.score() <= o.keepAliveScore() + 2 * W,
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
    Outcome o = run(arrivals, 1);
    assertTrue(o.lastGuardArrival < 6, "the guard still held before arrival " + o.lastGuardArrival + ": " + o);
    assertTrue(o.cold <= 3, "pre-warms met the ticks: " + o);
    assertTrue(o.score() < o.keepAliveScore() - 5 * W, o + " against " + o.keepAliveScore());
  }

  /** What the decider's first instance did on a minimal on-demand platform. */
  private static final class Outcome {
    int cold;
    double idle;
    int keepAliveCold;
    double keepAliveIdle;
    int lastGuardArrival = -1;

    double score() {
      return cold * W + idle;
    }

    double keepAliveScore() {
      return keepAliveCold * W + keepAliveIdle;
    }

    @Override
    public String toString() {
      return cold + " cold, " + Math.round(idle) + " idle s (keep-alive " + keepAliveCold + " cold, "
          + Math.round(keepAliveIdle) + " idle s)";
    }
  }

  /**
   * Ticks a decider over requests of {@code duration} s at {@code arrivals}: a request finding no
   * instance starts one (cold); an idle instance above the decision goes after the decision's
   * keep-alive.
   */
  private static Outcome run(List<Long> arrivals, int duration) {
    long end = arrivals.get(arrivals.size() - 1) + duration + 10;
    FakeObservation obs = new FakeObservation(T0, (int) (end - T0) + 1);
    obs.durationSeconds = duration;
    for (long a : arrivals) {
      obs.arrive(a, 1);
    }
    Decider d = Providers.find(DeciderProvider.class, "predictive").create(FunctionKey.of("fake"), SPEC);
    Outcome o = new Outcome();
    long tick = SPEC.tick().getSeconds();
    long keptUntil = Long.MIN_VALUE;
    long keepAlive = 0;
    int ready = 0;
    int next = 0;
    long lastBusy = Long.MIN_VALUE;
    for (long s = T0 + 2; s < end; s += tick) {
      boolean busy = false;
      for (long b = s - tick; b < s; b++) {
        while (next < arrivals.size() && arrivals.get(next) == b) {
          if (ready == 0) {
            o.cold++;
          }
          double gap = lastBusy == Long.MIN_VALUE ? Double.NaN : b - lastBusy - 1;
          if (Double.isNaN(gap) || gap > K) {
            o.keepAliveCold++;
          }
          o.keepAliveIdle += Double.isNaN(gap) ? 0 : Math.min(gap, K);
          ready = Math.max(ready, 1);
          next++;
        }
        if (obs.concurrency[(int) (b - T0)] > 0) {
          busy = true;
          lastBusy = b;
          keptUntil = b + 1 + keepAlive;
        }
      }
      if (!busy && ready > 0) {
        o.idle += tick;
      }
      obs.ready = Math.max(ready, s < keptUntil ? 1 : 0);
      ScaleDecision x = d.decide(SPEC, obs.at(s), Instant.ofEpochSecond(s));
      keepAlive = x.keepAlive() == null ? 0 : x.keepAlive().getSeconds();
      if (x.signals().getOrDefault(Signals.KEEPALIVE_GUARD, 0.0) > 0) {
        o.lastGuardArrival = next;
      }
      ready = Math.max(x.desiredInstances(), s < keptUntil ? 1 : 0);
    }
    return o;
  }
}
