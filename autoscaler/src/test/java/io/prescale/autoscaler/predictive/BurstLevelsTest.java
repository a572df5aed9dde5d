package io.prescale.autoscaler.predictive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.autoscaler.forecast.LevelIdleModel;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BurstLevelsTest {
  private static final long T0 = 1_700_000_000L;
  private static final double H = 3.5;
  private static final double TICK = 2;
  private static final int TWO = LevelIdleModel.indexAtLeast(2);

  /**
   * What the forecast asks for: {@code instances}, with level 1's arrival probability {@code p1}.
   */
  private static Demand demand(int instances, double p1) {
    return new Demand(
        "test",
        true,
        0,
        0,
        0,
        Double.POSITIVE_INFINITY,
        H,
        1,
        0,
        0.99,
        0,
        p1,
        true,
        10,
        600,
        instances > 0,
        instances);
  }

  /** Every gap {@code gap} s at level {@code level}; returns the last second at that level. */
  private static long regular(LevelIdleModel m, int n, long gap, int level) {
    long s = T0;
    for (int i = 0; i < n; i++) {
      s += gap + 1;
      m.observe(s, level);
    }
    return s;
  }

  @Test
  void aFanOutTimerGetsItsBurstWarmJustBeforeItAndNothingRightAfter() {
    LevelIdleModel m = new LevelIdleModel();
    Random r = new Random(5);
    long start = T0;
    for (int i = 0; i < 40; i++) {
      start = T0 + 600L * i + r.nextInt(60);
      for (long s = start; s < start + 3; s++) {
        m.observe(s, 5);
      }
    }
    long last = start + 2;
    BurstLevels b = new BurstLevels();
    // ten minutes on, level 1 about to fire: levels 2, 3 and 4 (tracked, reached) are held; 6 never
    // was
    assertEquals(4, b.instances(m, demand(1, 0.5), last + 592, 1, 1, TICK, 600, Double.NaN, 39));
    // right after the burst the next one is ten minutes away at every level
    assertEquals(0, b.instances(m, demand(0, 0), last + 100, 4, 1, TICK, 600, Double.NaN, 39));
    // two requests per instance: the 4th request needs 2 instances
    assertEquals(2, b.instances(m, demand(1, 0.5), last + 592, 1, 2, TICK, 600, Double.NaN, 39));
    // the forecast already holding more: nothing to add
    assertEquals(0, b.instances(m, demand(8, 0.5), last + 592, 8, 1, TICK, 600, Double.NaN, 39));
  }

  @Test
  void aLevelSeenOnlyAFewTimesFollowsTheLevelBelow() {
    LevelIdleModel m = new LevelIdleModel();
    long last = regular(m, 3, 100, 2); // two gaps
    BurstLevels b = new BurstLevels();
    // no gap that long at level 2: the level-1 probability decides
    assertEquals(2, b.instances(m, demand(1, 1), last + 5000, 1, 1, TICK, 600, Double.NaN, 2));
    assertEquals(0, b.instances(m, demand(1, 0), last + 5000, 1, 1, TICK, 600, Double.NaN, 2));
    // every level-1 episode reached 2: the level-1 probability stands (0.05 x 600 s > H)
    assertEquals(2, b.instances(m, demand(1, 0.05), last + 5000, 1, 1, TICK, 600, Double.NaN, 2));
    // one level-1 episode in ten reached 2: the prior is a tenth of it (0.005 x 600 s < H)
    assertEquals(0, b.instances(m, demand(1, 0.05), last + 5000, 1, 1, TICK, 600, Double.NaN, 29));
    LevelIdleModel once = new LevelIdleModel();
    regular(once, 1, 100, 2);
    assertEquals(
        0,
        b.instances(once, demand(1, 1), last + 50, 1, 1, TICK, 600, Double.NaN, 1),
        "a level reached only once has no gap to say when it comes back");
  }

  @Test
  void aWarmBurstInstanceIsKeptCheaperThanAColdOneIsStarted() {
    LevelIdleModel m = new LevelIdleModel();
    Random r = new Random(2);
    long s = T0;
    for (int i = 0; i < 600; i++) {
      s +=
          2
              + (long)
                  Math.floor(-Math.log(1 - r.nextDouble()) * 1000); // Poisson peaks, mean ~1000 s
      m.observe(s, 2);
    }
    long now = s + 501;
    double p =
        BurstLevels.blend(m.probabilityWithin(TWO, m.age(TWO, now), H), m.weight(TWO), 0.0035);
    assertEquals(H / 1000, p, 0.4 * H / 1000, "flat hazard of a 1000 s mean gap");
    double w = (TICK + H) / 2 / p; // keeping pays (p w >= tick), starting does not (p w < H)
    BurstLevels b = new BurstLevels();
    assertEquals(2, b.instances(m, demand(1, 0.0035), now, 2, 1, TICK, w, Double.NaN, 600), "kept");
    assertEquals(
        0, b.instances(m, demand(1, 0.0035), now, 1, 1, TICK, w, Double.NaN, 600), "not started");
  }

  @Test
  void onDemandTheKeepAliveSpendRaisesALevelsPrice() {
    LevelIdleModel m = new LevelIdleModel();
    long last = regular(m, 20, 1000, 2);
    double keepAliveWeight = m.budgetWeight(TWO, 600);
    assertTrue(
        keepAliveWeight > 50, "the keep-alive's spend buys the 1000 s bin: " + keepAliveWeight);
    BurstLevels b = new BurstLevels();
    long now = last + 991; // 990 s idle at level 2: the next peak is due within the bin
    assertEquals(
        0,
        b.instances(m, demand(1, 0), now, 1, 1, TICK, 10, Double.NaN, 19),
        "at a price of 10 s no level pays");
    assertEquals(
        2,
        b.instances(m, demand(1, 0), now, 1, 1, TICK, 10, 600, 19),
        "what a 600 s keep-alive spends on level 2 pays for it");
  }
}
