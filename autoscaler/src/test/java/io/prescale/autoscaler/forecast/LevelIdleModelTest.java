package io.prescale.autoscaler.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class LevelIdleModelTest {
  private static final long T0 = 1_700_000_000L;
  private static final int TWO = LevelIdleModel.indexAtLeast(2);
  private static final int FOUR = LevelIdleModel.indexAtLeast(4);
  private static final int SIX = LevelIdleModel.indexAtLeast(6);

  /**
   * A timer fanning out to 5 requests for 3 s every 10 minutes, the start jittered within its
   * minute: at levels 2..5 the gaps are ~597 s (540..660).
   */
  private static LevelIdleModel fanOut(int ticks) {
    LevelIdleModel m = new LevelIdleModel();
    Random r = new Random(3);
    for (int i = 0; i < ticks; i++) {
      long start = T0 + 600L * i + r.nextInt(60);
      for (long s = start; s < start + 3; s++) {
        m.observe(s, 5);
      }
    }
    return m;
  }

  @Test
  void levelsAreTrackedAtTheirGridAndOnlyWhenReached() {
    assertEquals(0, LevelIdleModel.indexAtLeast(1));
    assertEquals(0, LevelIdleModel.indexAtLeast(2));
    assertEquals(3, LevelIdleModel.indexAtLeast(5), "5 rounds up to the tracked 6");
    assertEquals(LevelIdleModel.LEVELS.length, LevelIdleModel.indexAtLeast(1000));
    LevelIdleModel m = fanOut(30);
    assertEquals(29, m.recorded(TWO));
    assertEquals(29, m.recorded(FOUR));
    assertEquals(0, m.recorded(SIX), "a burst to 5 never reached 6");
    assertTrue(Double.isNaN(m.age(SIX, T0)));
  }

  @Test
  void aFanOutTimerIsUnlikelyRightAfterABurstAndLikelyBeforeTheNextOneAtEveryLevel() {
    LevelIdleModel m = fanOut(40);
    double horizon = 4;
    double threshold = horizon / 600; // a cold start priced at 600 instance-seconds
    for (int j : new int[] {TWO, FOUR}) {
      assertEquals(0, m.probabilityWithin(j, 10, horizon), 1e-9);
      assertEquals(0, m.probabilityWithin(j, 300, horizon), 1e-9);
      assertTrue(m.probabilityWithin(j, 590, horizon) > threshold, "pre-warm before 10 minutes");
      assertTrue(m.probabilityWithin(j, 640, horizon) > 4 * threshold, "still likely when overdue");
    }
    assertTrue(Double.isNaN(m.probabilityWithin(TWO, 3000, horizon)), "never saw a gap that long");
    long last = T0 + 600L * 39 + 62;
    assertEquals(
        600 - 3, m.age(TWO, last + 600), 62, "age counts from the last second at the level");
  }

  @Test
  void poissonPeaksHaveAFlatHazard() {
    LevelIdleModel m = new LevelIdleModel();
    Random r = new Random(1);
    long s = T0;
    for (int i = 0; i < 500; i++) {
      s += 2 + (long) Math.floor(-Math.log(1 - r.nextDouble()) * 100); // gap mean ~100 s
      m.observe(s, 2);
    }
    double early = m.probabilityWithin(TWO, 5, 4);
    double later = m.probabilityWithin(TWO, 150, 4);
    assertEquals(1 - Math.exp(-4 / 100.0), early, 0.02);
    assertEquals(early, later, 0.03);
    assertTrue(m.weight(TWO) <= IdleTimeModel.DECAY_AT + 1, "counts decay: " + m.weight(TWO));
    assertEquals(499, m.recorded(TWO));
  }

  @Test
  void decayFollowsAChangedRhythm() {
    LevelIdleModel m = fanOut(100);
    long s = T0 + 600L * 101;
    for (int i = 0; i < 1500; i++) {
      s += 31; // now every 30 s of idleness
      m.observe(s, 3);
    }
    assertTrue(m.probabilityWithin(TWO, 28, 4) > 0.5, "the new 30 s rhythm dominates");
    assertTrue(
        m.survival(TWO, 500) < 0.02, "the old 10-minute gaps faded: " + m.survival(TWO, 500));
  }

  @Test
  void binsCoverTheirEdgesInOrder() {
    for (int b = 0; b < LevelIdleModel.BINS; b++) {
      assertEquals(b, LevelIdleModel.bin(LevelIdleModel.lower(b)), "lower edge of bin " + b);
      assertTrue(LevelIdleModel.lower(b + 1) > LevelIdleModel.lower(b));
    }
    assertEquals(LevelIdleModel.MAX_SECONDS, LevelIdleModel.lower(LevelIdleModel.BINS), 1e-6);
    assertEquals(16384, LevelIdleModel.MAX_SECONDS, 1e-6);
  }

  @Test
  void binIsTheHighestLowerEdgeAtOrBelowTheGap() {
    SplittableRandom r = new SplittableRandom(7);
    for (int i = 0; i < 200_000; i++) {
      double x = i < 100_000 ? r.nextDouble() * 20_000 : Math.pow(2, r.nextDouble() * 15);
      int expected = x < 1 ? 0 : LevelIdleModel.BINS - 1;
      for (int b = 1; b < LevelIdleModel.BINS && x >= 1; b++) {
        if (LevelIdleModel.lower(b + 1) > x) {
          expected = b;
          break;
        }
      }
      assertEquals(expected, LevelIdleModel.bin(x), "gap " + x);
    }
    assertEquals(LevelIdleModel.BINS - 1, LevelIdleModel.bin(Double.POSITIVE_INFINITY));
    assertEquals(1, LevelIdleModel.bin(Double.NaN));
  }

  @Test
  void rememberedTailsAnswerAsAFreshModelDoes() {
    SplittableRandom r = new SplittableRandom(11);
    LevelIdleModel m = new LevelIdleModel();
    List<Double> gaps = new ArrayList<>();
    for (int step = 0; step < 1500; step++) {
      if (r.nextInt(4) == 0) {
        double gap = r.nextInt(10) == 0 ? r.nextDouble() * 30_000 : r.nextDouble() * 120;
        m.record(TWO, gap);
        gaps.add(gap);
      }
      double age = r.nextDouble() * 600;
      double asked = m.probabilityWithin(TWO, age, 30);
      LevelIdleModel fresh = new LevelIdleModel();
      gaps.forEach(g -> fresh.record(TWO, g));
      double expected = fresh.probabilityWithin(TWO, age, 30);
      assertEquals(
          Double.doubleToLongBits(expected), Double.doubleToLongBits(asked), "step " + step);
      assertEquals(fresh.survival(TWO, age), m.survival(TWO, age), 0.0, "step " + step);
    }
  }

  @Test
  void survivalOfADecayedLevelCountsOnlyItsRemainingBins() {
    LevelIdleModel m = new LevelIdleModel();
    m.record(TWO, 3000); // one gap high up: halved away by the decays below
    for (int i = 0; i < 5000; i++) {
      m.record(TWO, 2);
    }
    assertEquals(0, m.survival(TWO, 100), 1e-12, "the 3000 s gap decayed to nothing");
    assertTrue(m.survival(TWO, 1.5) > 0.9, "the 2 s gaps remain: " + m.survival(TWO, 1.5));
  }

  @Test
  void budgetWeightOfGapsBeyondTheKeepAliveIsHalfTheirBin() {
    // every gap 1000 s: a 600 s keep-alive spends 600 s per gap and saves nothing; the same
    // budget bought where the arrivals are (the one bin holding 1000) holds that bin, whose
    // hazard is 1 / (width / 2): arrivals are spread uniformly over it
    LevelIdleModel m = new LevelIdleModel();
    for (int i = 0; i < 20; i++) {
      m.record(TWO, 1000);
    }
    int b = LevelIdleModel.bin(1000);
    double width = LevelIdleModel.lower(b + 1) - LevelIdleModel.lower(b);
    assertEquals(width / 2, m.budgetWeight(TWO, 600), 1e-6);
    assertTrue(Double.isNaN(m.budgetWeight(SIX, 600)), "no gap at level 6");
  }
}
