package io.prescale.autoscaler.predictive;

import org.apache.commons.math3.distribution.PascalDistribution;
import org.apache.commons.math3.distribution.PoissonDistribution;

/**
 * Counts of arrivals in a window when the arrival rate is Gamma-distributed around its forecast:
 * negative binomial with shape {@code r} and mean {@code mu} (over-dispersed), or Poisson with
 * mean {@code mu} when {@code r} is infinite. Small means are summed term by term (exact and
 * allocation-free, which keeps a decision within microseconds); large ones go to Commons Math
 * ({@link PoissonDistribution}, {@link PascalDistribution} with the shape rounded up to an integer).
 */
final class ArrivalDistribution {
  static final double EXACT_LIMIT = 200;
  private static final int MAX_TERMS = 5000;

  private ArrivalDistribution() {}

  /** {@code P(N = 0)}. */
  static double probabilityNone(double mu, double r) {
    if (!(mu > 0)) {
      return 1;
    }
    if (Double.isInfinite(r)) {
      return Math.exp(-mu);
    }
    return Math.exp(r * Math.log(r / (r + mu)));
  }

  /** The smallest {@code n} with {@code P(N <= n) >= q}. */
  static int quantile(double mu, double r, double q) {
    if (!(mu > 0)) {
      return 0;
    }
    boolean poisson = Double.isInfinite(r) || r > 1e6;
    if (mu > EXACT_LIMIT) {
      if (poisson) {
        return new PoissonDistribution(null, mu, PoissonDistribution.DEFAULT_EPSILON,
            PoissonDistribution.DEFAULT_MAX_ITERATIONS).inverseCumulativeProbability(q);
      }
      int shape = (int) Math.min(Integer.MAX_VALUE, Math.ceil(r));
      double p = shape / (shape + mu);
      return new PascalDistribution(null, shape, p).inverseCumulativeProbability(q);
    }
    double term;
    double ratio; // multiplies term k-1 into term k, times (k - 1 + r) / k for the NB
    double pr = 0;
    if (poisson) {
      term = Math.exp(-mu);
    } else {
      pr = mu / (r + mu);
      term = Math.exp(r * Math.log(r / (r + mu)));
    }
    double cdf = term;
    int k = 0;
    while (cdf < q && k < MAX_TERMS) {
      k++;
      ratio = poisson ? mu / k : pr * (k - 1 + r) / k;
      term *= ratio;
      cdf += term;
      if (term < 1e-300 && k > mu) {
        break;
      }
    }
    return k;
  }
}
