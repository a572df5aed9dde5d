package io.prescale.autoscaler.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class IdleTimeModelTest {

  /** A 10-minute timer whose invocations land anywhere in their minute: gaps 540..660 s. */
  private static IdleTimeModel timer() {
    IdleTimeModel m = new IdleTimeModel();
    Random r = new Random(9);
    double previous = r.nextDouble() * 60;
    for (int i = 1; i <= 40; i++) {
      double next = 600.0 * i + r.nextDouble() * 60;
      m.record(Math.floor(next) - Math.floor(previous));
      previous = next;
    }
    return m;
  }

  @Test
  void aTimerIsUnlikelyRightAfterAnArrivalAndLikelyBeforeTheNextTick() {
    IdleTimeModel m = timer();
    double horizon = 4;
    double threshold = horizon / 600; // a cold start priced at 600 instance-seconds
    assertEquals(0, m.probabilityWithin(5, horizon), 1e-9);
    assertEquals(0, m.probabilityWithin(300, horizon), 1e-9);
    assertTrue(m.probabilityWithin(560, horizon) > threshold, "pre-warm before 10 minutes");
    assertTrue(m.probabilityWithin(640, horizon) > 0.1, "hazard grows as the tick is overdue");
    // release immediately after an arrival: the next one is 9+ minutes away
    assertTrue(
        m.releaseAge(horizon, threshold) < 60, "release age " + m.releaseAge(horizon, threshold));
    assertEquals(600, m.quantile(0.5), 60);
  }

  @Test
  void beyondEveryGapSeenTheModelCannotSay() {
    IdleTimeModel m = timer();
    assertTrue(Double.isNaN(m.probabilityWithin(3600, 4)));
    assertEquals(0, m.outOfBoundsShare(), 0);
    m.record(5 * 3600);
    assertTrue(m.outOfBoundsShare() > 0);
  }

  @Test
  void poissonGapsHaveAFlatHazardSoAPoissonFunctionIsKeptWhileItsRateIsHigh() {
    IdleTimeModel m = new IdleTimeModel();
    Random r = new Random(1);
    for (int i = 0; i < 400; i++) {
      m.record(Math.floor(-Math.log(1 - r.nextDouble()) * 20)); // mean 20 s
    }
    double early = m.probabilityWithin(2, 4);
    double later = m.probabilityWithin(30, 4);
    assertEquals(1 - Math.exp(-4 / 20.0), early, 0.06);
    assertEquals(early, later, 0.08);
    assertEquals(IdleTimeModel.MAX_SECONDS > 600, true);
  }

  @Test
  void countsDecaySoARhythmChangeIsFollowed() {
    IdleTimeModel m = new IdleTimeModel();
    for (int i = 0; i < 1000; i++) {
      m.record(30);
    }
    for (int i = 0; i < 1000; i++) {
      m.record(300);
    }
    assertEquals(300, m.quantile(0.5), 60);
  }

  @Test
  void budgetWeightOfMemorylessGapsIsTheirMean() {
    // exponential gaps, mean 1200 s, at evenly spaced quantiles: a flat hazard of 1/1200, so the
    // keep-alive's budget (any length) buys holding at hazard 1/1200: a price of 1200 s
    IdleTimeModel m = new IdleTimeModel();
    int n = 500;
    for (int i = 0; i < n; i++) {
      m.record(-1200 * Math.log(1 - (i + 0.5) / n));
    }
    assertEquals(1200, m.budgetWeight(600), 240);
    assertEquals(1200, m.budgetWeight(1800), 240);
  }

  @Test
  void budgetWeightSpendsTheKeepAliveOnTheLikeliestAgesFirst() {
    // 90 % of gaps in [300, 360) s (a 5-minute timer), 10 % in [180, 240) s (a tick that came
    // early).
    // S(t): 1 to 180, 0.9 at 240, 0.9 to 300, 0 at 360. A 600 s keep-alive spends
    // 180 + 57 + 54 + 27 = 318 s per gap; the timer's bin costs 27 s for 0.9 (hazard 1/30), the
    // early bin 57 s for 0.1: both fit the budget, so the price is the early bin's 570 s
    IdleTimeModel m = new IdleTimeModel();
    for (int i = 0; i < 100; i++) {
      m.record(i % 10 == 0 ? 210 : 330);
    }
    assertEquals(570, m.budgetWeight(600), 1e-3);
    // a 20 s keep-alive's budget (20 s per gap) runs out inside the timer's bin: price 30 s
    assertEquals(30, m.budgetWeight(20), 1e-3);
  }

  @Test
  void budgetWeightIsUndefinedWithoutGaps() {
    assertTrue(Double.isNaN(new IdleTimeModel().budgetWeight(600)));
  }

  @Test
  void aHoleInAFewGapsIsNotAStretchWithoutArrivalsOnceShrunkTowardsTheRate() {
    // 20 gaps of 5 s and 20 of 40 s: nothing in between in the histogram, yet a stream of about
    // one arrival per 22 s can arrive there
    IdleTimeModel m = new IdleTimeModel();
    for (int i = 0; i < 20; i++) {
      m.record(5.5);
      m.record(40.5);
    }
    double w = 600;
    double h = 3.5;
    double tick = 2;
    // raw: from 6 s the histogram says nothing comes for a while, then a re-warm before 40 s
    double raw = m.releaseBeforeRewarm(h, tick / w, h / w, w, 600);
    assertEquals(6, raw, 1e-9);
    assertEquals(
        raw,
        m.releaseBeforeRewarm(h, tick / w, h / w, w, 600, 0.045, 0),
        1e-9,
        "no prior weight: raw");
    // shrunk 40:10 towards 0.045/s, an arrival within 3.5 s is never below the keep threshold
    assertEquals(600, m.releaseBeforeRewarm(h, tick / w, h / w, w, 600, 0.045, 10), 1e-9);
    // beyond every gap seen the raw model lets go at once; the rate still says one may come
    assertEquals(41, m.unlikelyBefore(600, 0.01), 1e-9);
    assertEquals(600, m.unlikelyBefore(600, 0.01, 0.045, 10), 1e-9);
    // a rate near zero leaves the raw answer
    assertEquals(41, m.unlikelyBefore(600, 0.01, 1e-7, 10), 1e-9);
  }
}
