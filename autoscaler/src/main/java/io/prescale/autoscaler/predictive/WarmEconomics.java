package io.prescale.autoscaler.predictive;

import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.time.EpochNanos;

/**
 * The explicit trade behind holding an otherwise idle instance. It saves {@code P(arrival within H)
 * x W}, {@code W} the price of one cold start in instance-seconds. It costs: {@code H}
 * instance-seconds to start one (it is paid while starting, and a later start would be as good
 * until then); only one tick to keep one already warm (the next decision can still let it go, and
 * re-starting it would cost the cold start again). Hold iff {@code P(arrival within H) x W >=
 * cost}: for a steady Poisson stream, "start while the rate is at least 1/W, keep while at least
 * tick / (H W)".
 *
 * <p>{@code W} comes from the policy, not from data: what the operator already pays per avoided
 * cold start on the platform at hand, at the default cold-start budget of 1 %. On an on-demand
 * platform that is the keep-alive (an idle instance held {@code keepAlive} after each request); on
 * an autoscaled one, Knative's retention after the last request, {@code stableWindow +
 * scaleToZeroGrace}. A tighter budget (or a higher quantile) makes a cold start dearer in
 * proportion: {@code W = retention x 0.01 / (1 - quantile)}. See {@link OnDemandDetector}.
 */
public final class WarmEconomics {
  static final double REFERENCE_BUDGET = 0.01;
  static final double MIN_WEIGHT_SECONDS = 1;

  private WarmEconomics() {}

  /**
   * Price of one cold start in instance-seconds at the spec's own quantile (the forecast's, else
   * {@code 1 - coldStartBudget}): the one rule, also the simulator's oracle price.
   */
  public static double coldStartPriceSeconds(DeciderSpec spec, boolean onDemand) {
    return coldStartWeightSeconds(spec, PredictiveDecider.quantile(spec), onDemand);
  }

  /** Price of one cold start in instance-seconds. */
  static double coldStartWeightSeconds(DeciderSpec spec, double quantile, boolean onDemand) {
    double weight =
        retentionSeconds(spec, onDemand) * REFERENCE_BUDGET / Math.max(1e-6, 1 - quantile);
    return Math.max(MIN_WEIGHT_SECONDS, weight);
  }

  /**
   * How long the platform's own scaler keeps an idle instance after a request, seconds: the
   * operator's keep-alive on an on-demand platform, Knative's {@code stableWindow +
   * scaleToZeroGrace} on an autoscaled one.
   */
  public static double retentionSeconds(DeciderSpec spec, boolean onDemand) {
    return onDemand
        ? EpochNanos.seconds(spec.keepAlive())
        : EpochNanos.seconds(spec.stableWindow().plus(spec.scaleToZeroGrace()));
  }

  /**
   * On an on-demand platform, the price of a cold start raised to the one at which the idle-time
   * model's likeliest idle ages cost what the operator's fixed keep-alive costs on this function
   * ({@link io.prescale.autoscaler.forecast.IdleTimeModel#budgetWeight}): the policy's keep-alive
   * is a budget the operator already accepted per function, so holding where arrivals are likeliest
   * may spend up to it. The policy's price stands when it is higher or the model cannot say (NaN).
   */
  static double atLeastKeepAlive(double weightSeconds, double keepAliveBudgetWeight) {
    return Double.isNaN(keepAliveBudgetWeight)
        ? weightSeconds
        : Math.max(weightSeconds, keepAliveBudgetWeight);
  }

  /** Whether holding one instance is worth it: already warm (keep) or not (start). */
  static boolean keepWarm(
      double probabilityOfArrival,
      double weightSeconds,
      double horizonSeconds,
      double tickSeconds,
      boolean alreadyWarm) {
    double cost = alreadyWarm ? Math.min(tickSeconds, horizonSeconds) : horizonSeconds;
    return probabilityOfArrival * weightSeconds >= cost;
  }

  /**
   * The arrival probability within the horizon below which an idle instance is not worth keeping.
   */
  static double threshold(double weightSeconds, double horizonSeconds) {
    return horizonSeconds / weightSeconds;
  }
}
