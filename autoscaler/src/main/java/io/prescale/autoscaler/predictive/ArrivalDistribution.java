package io.prescale.autoscaler.predictive;

import org.apache.commons.math3.distribution.PascalDistribution;
import org.apache.commons.math3.distribution.PoissonDistribution;

/**
 * Counts of arrivals in a window when the arrival rate is Gamma-distributed around its forecast:
 * negative binomial with shape {@code r} and mean {@code mu} (over-dispersed), or Poisson with mean
 * {@code mu} when {@code r} is infinite. Small means are summed term by term (exact and
 * allocation-free, which keeps a decision within microseconds); large ones go to Commons Math
 * ({@link PoissonDistribution}, {@link PascalDistribution} with the shape rounded up to an
 * integer).
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

  /**
   * Slots worth holding for requests in flight {@code X} (mean {@code mu}) when new requests arrive
   * at {@code rate} per second and a cold start costs {@code weight} instance-seconds: the largest
   * {@code n >= 1} whose last slot saves at least what it costs, i.e. {@code rate x P(X = n - 1) x
   * weight >= P(X <= n - 1)} (the n-th slot turns the arrivals that find {@code n - 1} in flight
   * warm, and idles whenever fewer than {@code n} are in flight). The ratio {@code P(X <= k) / P(X
   * = k)} grows with {@code k}, so the first slot that does not pay ends the search. Returns {@code
   * {n, P(X <= n - 1)}}; the second is the in-flight quantile the slots cover.
   */
  static double[] slots(double mu, double r, double rate, double weight) {
    double value = rate * weight;
    if (!(mu > 0) || !(value > 0)) {
      return new double[] {1, 1};
    }
    boolean poisson = Double.isInfinite(r) || r > 1e6;
    if (mu > EXACT_LIMIT) {
      double q = Math.min(1 - 1e-9, Math.max(0.5, 1 - 1 / value));
      return new double[] {quantile(mu, r, q) + 1, q};
    }
    double pr = poisson ? 0 : mu / (r + mu);
    double term = poisson ? Math.exp(-mu) : Math.exp(r * Math.log(r / (r + mu)));
    double cdf = term;
    int n = 1; // slot n covers X = n - 1 = k
    int k = 0;
    while (k < MAX_TERMS) {
      // may slot n + 1 pay? it covers X = k + 1
      double nextTerm = term * (poisson ? mu / (k + 1) : pr * (k + r) / (k + 1));
      double nextCdf = cdf + nextTerm;
      if (!(value * nextTerm >= nextCdf) && k + 1 > mu) {
        break;
      }
      if (value * nextTerm >= nextCdf) {
        n = k + 2;
      }
      term = nextTerm;
      cdf = nextCdf;
      k++;
      if (cdf >= 1 - 1e-12) {
        break;
      }
    }
    return new double[] {n, cumulative(mu, r, n - 1)};
  }

  /** {@code P(X <= k)}. */
  static double cumulative(double mu, double r, int k) {
    if (!(mu > 0)) {
      return 1;
    }
    boolean poisson = Double.isInfinite(r) || r > 1e6;
    if (mu > EXACT_LIMIT) {
      if (poisson) {
        return new PoissonDistribution(
                null,
                mu,
                PoissonDistribution.DEFAULT_EPSILON,
                PoissonDistribution.DEFAULT_MAX_ITERATIONS)
            .cumulativeProbability(k);
      }
      int shape = (int) Math.min(Integer.MAX_VALUE, Math.ceil(r));
      return new PascalDistribution(null, shape, shape / (shape + mu)).cumulativeProbability(k);
    }
    double pr = poisson ? 0 : mu / (r + mu);
    double term = poisson ? Math.exp(-mu) : Math.exp(r * Math.log(r / (r + mu)));
    double cdf = term;
    for (int i = 1; i <= k; i++) {
      term *= poisson ? mu / i : pr * (i - 1 + r) / i;
      cdf += term;
    }
    return Math.min(1, cdf);
  }

  /** The smallest {@code n} with {@code P(N <= n) >= q}. */
  static int quantile(double mu, double r, double q) {
    if (!(mu > 0)) {
      return 0;
    }
    boolean poisson = Double.isInfinite(r) || r > 1e6;
    if (mu > EXACT_LIMIT) {
      if (poisson) {
        return new PoissonDistribution(
                null,
                mu,
                PoissonDistribution.DEFAULT_EPSILON,
                PoissonDistribution.DEFAULT_MAX_ITERATIONS)
            .inverseCumulativeProbability(q);
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
