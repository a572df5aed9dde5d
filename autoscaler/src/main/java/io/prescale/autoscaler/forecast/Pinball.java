package io.prescale.autoscaler.forecast;

/** Pinball (quantile) loss, the proper scoring rule for a forecast of quantile {@code q}. */
public final class Pinball {
  private Pinball() {}

  /** {@code q (y - f)} when the value is above the forecast, {@code (1 - q)(f - y)} otherwise. */
  public static double loss(double actual, double forecastQuantile, double q) {
    double d = actual - forecastQuantile;
    return d >= 0 ? q * d : (q - 1) * d;
  }
}
