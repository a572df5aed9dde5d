package io.prescale.autoscaler.forecast;

import org.apache.commons.math3.distribution.NormalDistribution;

/**
 * An incremental forecast of one series observed at a fixed step. {@link #observe(double)} is cheap
 * (constant time) and is called once per completed step; {@link #refit(double[])} is the expensive
 * part (parameter fitting) and is called rarely, staggered across functions by the caller. Not
 * thread-safe.
 *
 * <p>Every model tracks its own one-step-ahead errors, so it can give a prediction interval: {@link
 * #quantile(int, double)} is the point forecast plus a normal quantile of its error.
 */
public interface ForecastModel {

  /** The provider name of this model, e.g. {@code ewma}. */
  String name();

  /** Adds the value of the next completed step. */
  void observe(double value);

  /** Point forecast {@code stepsAhead >= 1} steps after the last observed value. */
  double forecast(int stepsAhead);

  /** Standard deviation of the forecast error {@code stepsAhead} steps ahead (0 when unknown). */
  double errorStdDev(int stepsAhead);

  /** Values observed so far. */
  long count();

  /** Observations needed before the forecast means anything. */
  default int warmUp() {
    return 2;
  }

  /**
   * Fits this model's parameters on {@code history} (oldest first, ending with the last value
   * observed) and rebuilds its state from it. Models without parameters keep their state.
   */
  default void refit(double[] history) {}

  /** Quantile {@code q} in (0, 1) of the value {@code stepsAhead} steps ahead. */
  default double quantile(int stepsAhead, double q) {
    return forecast(stepsAhead) + Normal.z(q) * errorStdDev(stepsAhead);
  }

  /**
   * Standard normal quantiles, cached for the last level asked (the policy's quantile rarely
   * changes).
   */
  final class Normal {
    private static final NormalDistribution STANDARD =
        new NormalDistribution(null, 0, 1, NormalDistribution.DEFAULT_INVERSE_ABSOLUTE_ACCURACY);
    private static volatile double[] last = {0.5, 0.0};

    private Normal() {}

    /** {@code z} with {@code P(Z <= z) = q}. */
    public static double z(double q) {
      double[] cached = last;
      if (cached[0] == q) {
        return cached[1];
      }
      double z = STANDARD.inverseCumulativeProbability(q);
      last = new double[] {q, z};
      return z;
    }
  }
}
