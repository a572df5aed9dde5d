package io.prescale.autoscaler.predictive;

import io.prescale.autoscaler.forecast.IdleTimeModel;

/**
 * How long an idle function's "nothing" stays the answer, so the tick loop can stop asking ({@link
 * io.prescale.core.decide.Decider#quietUntilNanos}). Asked only when the decision holds nothing and
 * nothing runs: no instance ready, none in flight, no panic, no guard, no burst level with a rhythm
 * of its own, every arrival settled. Until the next minute boundary that any of the decider's
 * minute reads cross (the forecast's settled minute, the current minute, the minute the horizon
 * reaches), the forecast and the nowcast's prior stay as they are and the nowcast's rate only falls
 * (settled seconds without arrivals), so the only thing that can turn the answer is the idle-time
 * model's hazard as the idle age grows: checked at every tick of the span with the rate model's
 * probability of now (an upper bound of the later ones). Exact: the decider would return the same
 * decision at every skipped tick.
 */
final class QuietSpan {
  private QuietSpan() {}

  /**
   * Epoch second until which the decision stays nothing.
   *
   * @param nowSec the decision's time, whole seconds
   * @param settleSeconds how long arrivals take to settle
   * @param horizon the decision horizon, seconds
   * @param tickSeconds the decision tick
   * @param idleAge seconds since the last busy second at {@code nowSec}, NaN when none was seen
   * @param pRate the rate model's probability of an arrival within the horizon now
   * @param weight the price of a cold start, instance-seconds
   */
  static long until(
      long nowSec,
      int settleSeconds,
      double horizon,
      double tickSeconds,
      double idleAge,
      double pRate,
      IdleTimeModel idle,
      double weight) {
    long boundary =
        Math.min(
            nextMinute(nowSec, 0),
            Math.min(
                nextMinute(nowSec, -settleSeconds), nextMinute(nowSec, (long) Math.ceil(horizon))));
    // as the decision: the idle-time model is read only with an idle age (not busy within the
    // retained seconds: NaN, and the rate model alone decides)
    boolean idleSpeaks = idle.recorded() >= PredictiveDecider.MIN_GAPS && !Double.isNaN(idleAge);
    for (int k = 1; ; k++) {
      double ahead = k * tickSeconds;
      long at = nowSec + (long) Math.ceil(ahead);
      if (at >= boundary) {
        return boundary;
      }
      double p = pRate;
      if (idleSpeaks) {
        p =
            idle.blend(
                idle.probabilityWithin(idleAge + ahead, horizon),
                pRate,
                PredictiveDecider.PRIOR_GAPS);
      }
      if (WarmEconomics.keepWarm(p, weight, horizon, tickSeconds, false)) {
        return nowSec + (long) Math.floor(ahead);
      }
    }
  }

  /** The first second after {@code nowSec} at which {@code floor((s + shift) / 60)} changes. */
  static long nextMinute(long nowSec, long shift) {
    return (Math.floorDiv(nowSec + shift, 60) + 1) * 60 - shift;
  }
}
