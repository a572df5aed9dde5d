package io.prescale.autoscaler.forecast;

import org.apache.commons.math3.exception.MathIllegalStateException;
import org.apache.commons.math3.optim.InitialGuess;
import org.apache.commons.math3.optim.MaxEval;
import org.apache.commons.math3.optim.PointValuePair;
import org.apache.commons.math3.optim.SimpleBounds;
import org.apache.commons.math3.optim.nonlinear.scalar.GoalType;
import org.apache.commons.math3.optim.nonlinear.scalar.ObjectiveFunction;
import org.apache.commons.math3.optim.nonlinear.scalar.noderiv.BOBYQAOptimizer;

/**
 * Fits Holt-Winters (alpha, beta, gamma) by minimising the one-step-ahead sum of squared errors
 * with Commons Math's derivative-free, bound-constrained {@link BOBYQAOptimizer}.
 */
final class HoltWintersFit {
  static final int MAX_EVALUATIONS = 120;
  private static final double LOWER = 0.001;
  private static final double UPPER = 0.999;

  private HoltWintersFit() {}

  /**
   * Best (alpha, beta, gamma) in [0.001, 0.999]^3 for {@code y}; {@code start} when the fit fails.
   */
  static double[] fit(double[] y, int period, double[] start) {
    double[] guess = new double[3];
    for (int i = 0; i < 3; i++) {
      guess[i] = Math.min(UPPER - 0.01, Math.max(LOWER + 0.01, start[i]));
    }
    BOBYQAOptimizer optimizer = new BOBYQAOptimizer(7, 0.15, 1e-3);
    try {
      PointValuePair best =
          optimizer.optimize(
              new MaxEval(MAX_EVALUATIONS),
              new ObjectiveFunction(p -> sse(y, period, p[0], p[1], p[2])),
              GoalType.MINIMIZE,
              new InitialGuess(guess),
              new SimpleBounds(
                  new double[] {LOWER, LOWER, LOWER}, new double[] {UPPER, UPPER, UPPER}));
      return best.getPoint();
    } catch (MathIllegalStateException tooManyEvaluations) {
      return start.clone();
    }
  }

  /** One-step-ahead sum of squared errors after the two initialisation periods. */
  static double sse(double[] y, int p, double alpha, double beta, double gamma) {
    double mean1 = 0;
    double mean2 = 0;
    for (int i = 0; i < p; i++) {
      mean1 += y[i];
      mean2 += y[p + i];
    }
    mean1 /= p;
    mean2 /= p;
    double trend = (mean2 - mean1) / p;
    double[] s = new double[p];
    for (int i = 0; i < p; i++) {
      s[i] = 0.5 * ((y[i] - mean1) + (y[p + i] - mean2));
    }
    double level = mean2 + trend * (p - 1) / 2.0;
    double sum = 0;
    for (int t = 2 * p; t < y.length; t++) {
      int k = t % p;
      double e = y[t] - (level + trend + s[k]);
      sum += e * e;
      double previous = level;
      level = alpha * (y[t] - s[k]) + (1 - alpha) * (level + trend);
      trend = beta * (level - previous) + (1 - beta) * trend;
      s[k] = gamma * (y[t] - level) + (1 - gamma) * s[k];
    }
    return sum;
  }
}
