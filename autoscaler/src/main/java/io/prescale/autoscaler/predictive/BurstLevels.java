package io.prescale.autoscaler.predictive;

import io.prescale.autoscaler.forecast.LevelIdleModel;
import java.util.Arrays;

/**
 * Instances held for bursts beyond what the forecast holds: the rent-or-buy trade of the first
 * instance ({@link WarmEconomics}) applied to the instance that concurrency level {@code k} needs,
 * with that level's own idle-time model ({@link LevelIdleModel}). The {@code k}-th request in
 * flight finds a warm instance only if {@code ceil(k / concurrency)} are held; holding them saves
 * {@code P(concurrency reaches k within H | not for age_k) x W_k} and costs what holding the first
 * one costs (the horizon to start it, a tick to keep it). The highest tracked level that pays is
 * held, and with it every instance below: reaching {@code k} implies reaching each lower level, so
 * their arrival probability is at least as high.
 *
 * <p>Each level's probability is shrunk towards a prior from the level below as if that prior were
 * {@link PredictiveDecider#PRIOR_GAPS} gaps, the shrinkage level 1 uses (level 1: the decider's
 * arrival probability, itself the idle-time model shrunk towards the rate model). The prior is the
 * level below's probability times the share of its episodes that went on to reach {@code k} ({@code
 * (gaps_k + 1) / (gaps_below + 1)}, at most 1): reaching {@code k} implies reaching the level
 * below, so that product is what the two levels' own counts say about the chance of reaching {@code
 * k}. For a fan-out (a timer that starts ten requests at once) the share is 1 and every level
 * follows the same rhythm; for Poisson peaks that rarely reach {@code k} it is small, so a rarely
 * reached level is not held on its neighbour's rhythm. A level whose own gaps say otherwise
 * overrules the prior once it has seen more than a few.
 *
 * <p>The price {@code W_k} is the policy's ({@link WarmEconomics#coldStartWeightSeconds}); on an
 * on-demand platform raised to what the operator's keep-alive spends on that level's instance
 * ({@link LevelIdleModel#budgetWeight}): a keep-alive holds every instance a burst started for its
 * full length, whatever the level.
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
