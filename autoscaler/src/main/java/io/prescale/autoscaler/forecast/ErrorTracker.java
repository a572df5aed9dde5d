package io.prescale.autoscaler.forecast;

/**
 * Exponentially weighted mean of squared one-step-ahead errors. Before enough errors are seen the
 * plain mean is used, so early estimates are not biased towards zero.
 */
final class ErrorTracker {
  private static final double WEIGHT = 0.05;
  private double meanSquare;
  private long n;

  void add(double error) {
    n++;
    double w = Math.max(WEIGHT, 1.0 / n);
    meanSquare += w * (error * error - meanSquare);
  }

  /** Error standard deviation {@code stepsAhead} ahead: one-step deviation x sqrt(steps). */
  double stdDev(int stepsAhead) {
    return Math.sqrt(meanSquare * Math.max(1, stepsAhead));
  }

  long count() {
    return n;
  }

  void reset() {
    meanSquare = 0;
    n = 0;
  }
}
