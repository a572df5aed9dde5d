package io.prescale.simulator.oracle;

import io.prescale.autoscaler.predictive.WarmEconomics;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.time.Durations;
import io.prescale.simulator.platform.PlatformKind;
import java.time.Duration;

/**
 * The price of one cold start in instance-seconds: what {@code oracle-keepalive} weighs an idle gap
 * against, and what the report's total cost charges per cold start. Default: the predictive
 * decider's own price for the run's base spec ({@link WarmEconomics#coldStartPriceSeconds}): the
 * platform's retention times {@code 0.01 / (1 - quantile)}, the quantile being the forecast's or
 * {@code 1 - coldStartBudget}; retention is the keep-alive on {@code on-demand} and {@code
 * stableWindow + scaleToZeroGrace} on {@code autoscaled}; at least 1 s, rounded to the millisecond.
 * With the built-in defaults: 600 s on-demand, 90 s autoscaled. {@code --cold-start-price} sets one
 * price for both.
 */
public final class ColdStartPrice {
  private ColdStartPrice() {}

  /**
   * The price on {@code platform}: {@code override} when given, else the default for {@code base}.
   */
  public static double seconds(DeciderSpec base, PlatformKind platform, Duration override) {
    if (override != null) {
      if (override.isNegative() || override.isZero()) {
        throw new IllegalArgumentException(
            "coldStartPrice = " + Durations.format(override) + ", must be in (0s; inf)");
      }
      return override.toNanos() / 1e9;
    }
    return defaultSeconds(base, platform);
  }

  /** The predictive decider's price of a cold start for {@code spec} on {@code platform}. */
  public static double defaultSeconds(DeciderSpec spec, PlatformKind platform) {
    double w = WarmEconomics.coldStartPriceSeconds(spec, platform == PlatformKind.ON_DEMAND);
    return Math.round(w * 1000) / 1000.0; // to the millisecond: 1 - 0.99 is not exactly 0.01
  }
}
