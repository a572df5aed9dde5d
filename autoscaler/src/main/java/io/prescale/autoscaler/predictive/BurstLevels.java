package io.prescale.autoscaler.predictive;

import io.prescale.autoscaler.forecast.LevelIdleModel;
import java.util.Arrays;

/**
 * Instances held for bursts beyond what the forecast holds: the first instance's rent-or-buy trade
 * ({@link WarmEconomics}) applied to the instance each concurrency level needs, with that level's
 * own idle-time model ({@link LevelIdleModel}) shrunk towards the level below. The highest level
 * that pays is held, and every instance below it. See docs/predictive.md ("Burst levels").
 */
final class BurstLevels {
  private double[] budgetWeight; // per level, once a minute; allocated on first use

  /** Forgets the cached keep-alive prices (recomputed lazily, once a minute). */
  void newMinute() {
    if (budgetWeight != null) {
      Arrays.fill(budgetWeight, Double.NaN);
    }
  }

  /**
   * Instances to hold for bursts (0 when no level beyond the forecast pays).
   *
   * @param policyWeight the policy's price of a cold start, instance-seconds
   * @param keepAliveSeconds the operator's keep-alive (on-demand), or NaN where it does not apply
   * @param levelOneGaps the idle gaps behind level 1 (the decider's idle-time model), for the share
   *     of level-1 episodes that reach level 2
   */
  int instances(
      LevelIdleModel levels,
      Demand d,
      long nowSec,
      int ready,
      int perInstanceConcurrency,
      double tickSeconds,
      double policyWeight,
      double keepAliveSeconds,
      long levelOneGaps) {
    int[] ks = LevelIdleModel.LEVELS;
    double below = d.pArrival();
    long belowGaps = levelOneGaps;
    int held = 0;
    for (int j = 0; j < ks.length; j++) {
      if (levels.recorded(j) < PredictiveDecider.MIN_GAPS) {
        break; // a level reached once or never: nothing to say about its next time
      }
      double age = levels.age(j, nowSec);
      double prior = below * Math.min(1, (levels.recorded(j) + 1.0) / (belowGaps + 1.0));
      belowGaps = levels.recorded(j);
      double p = blend(levels.probabilityWithin(j, age, d.horizon()), levels.weight(j), prior);
      below = p;
      int n = (ks[j] + perInstanceConcurrency - 1) / perInstanceConcurrency;
      if (n <= d.instances()) {
        continue; // the forecast holds this level already
      }
      if (WarmEconomics.keepWarm(
          p,
          weight(levels, j, policyWeight, keepAliveSeconds),
          d.horizon(),
          tickSeconds,
          ready >= n)) {
        held = n;
      }
    }
    return held;
  }

  private double weight(
      LevelIdleModel levels, int j, double policyWeight, double keepAliveSeconds) {
    if (Double.isNaN(keepAliveSeconds)) {
      return policyWeight;
    }
    if (budgetWeight == null) {
      budgetWeight = new double[LevelIdleModel.LEVELS.length];
      Arrays.fill(budgetWeight, Double.NaN);
    }
    if (Double.isNaN(budgetWeight[j])) {
      double b = levels.budgetWeight(j, keepAliveSeconds);
      budgetWeight[j] = Double.isNaN(b) ? 0 : b;
    }
    return Math.max(policyWeight, budgetWeight[j]);
  }

  /**
   * {@code (n p + w prior) / (n + w)}, {@code w} = {@link PredictiveDecider#PRIOR_GAPS}; the prior
   * alone when the level's model cannot say (NaN: no gap that long seen).
   */
  static double blend(double p, double gaps, double prior) {
    if (Double.isNaN(p)) {
      return prior;
    }
    double w = PredictiveDecider.PRIOR_GAPS;
    return (gaps * p + w * prior) / (gaps + w);
  }
}
