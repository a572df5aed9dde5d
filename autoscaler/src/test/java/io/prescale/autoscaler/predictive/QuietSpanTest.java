package io.prescale.autoscaler.predictive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.autoscaler.forecast.IdleTimeModel;
import org.junit.jupiter.api.Test;

class QuietSpanTest {
  private static final double H = 3.5;
  private static final double TICK = 2;

  @Test
  void withoutARhythmTheAnswerHoldsUntilTheNextMinuteRead() {
    IdleTimeModel idle = new IdleTimeModel();
    long now = 60_000 + 10; // 10 s into a minute; arrivals settle 2 s late
    long until = QuietSpan.until(now, 2, H, TICK, 100, 0, idle, 90);
    // the settled minute moves at :02 of the next minute, the current one at :00, the horizon's at
    // :56 (now + ceil(H) crosses the minute first)
    assertEquals(60_000 + 56, until);
  }

  @Test
  void aTimerDueInTheSpanWakesTheDeciderBeforeItsPreWarm() {
    IdleTimeModel idle = new IdleTimeModel();
    for (int i = 0; i < 30; i++) {
      idle.record(40); // a request every ~41 s
    }
    long now = 120_000 + 4;
    double age = 20;
    long until = QuietSpan.until(now, 2, H, TICK, age, 0, idle, 90);
    assertTrue(until > now && until <= now + 20, "wakes before the gap of 40 s ends: " + until);
    // at the tick it wakes, holding pays; at the tick before, it did not
    double at = age + (until - now);
    double p = idle.blend(idle.probabilityWithin(at, H), 0, PredictiveDecider.PRIOR_GAPS);
    assertTrue(WarmEconomics.keepWarm(p, 90, H, TICK, false), "p " + p);
    double before =
        idle.blend(idle.probabilityWithin(at - TICK, H), 0, PredictiveDecider.PRIOR_GAPS);
    assertTrue(!WarmEconomics.keepWarm(before, 90, H, TICK, false), "p before " + before);
  }

  @Test
  void nextMinuteIsTheFirstSecondThatCrossesAMinuteAfterTheShift() {
    assertEquals(120, QuietSpan.nextMinute(60, 0));
    assertEquals(62, QuietSpan.nextMinute(60, -2));
    assertEquals(62, QuietSpan.nextMinute(61, -2));
    assertEquals(122, QuietSpan.nextMinute(62, -2));
    assertEquals(116, QuietSpan.nextMinute(60, 4));
  }
}
