package io.prescale.autoscaler.forecast;

import org.apache.commons.math3.stat.regression.SimpleRegression;

/**
 * Least-squares line over the last {@code window} values (Commons Math {@link SimpleRegression},
 * slid by adding the newest point and removing the oldest); the forecast extrapolates the line.
 */
final class LinearTrendModel implements ForecastModel {
  private final SimpleRegression regression = new SimpleRegression(true);
  private final ErrorTracker errors = new ErrorTracker();
  private final double[] window;
  private long n;

  LinearTrendModel(int window) {
    if (window < 3) {
      throw new IllegalArgumentException("window = " + window + ", must be in [3; inf)");
    }
    this.window = new double[window];
  }

  @Override
  public String name() {
    return LinearTrendModelProvider.NAME;
  }

  @Override
  public int warmUp() {
    return 3;
  }

  @Override
  public void observe(double value) {
    if (n >= 2) {
      errors.add(value - forecast(1));
    }
    int slot = (int) (n % window.length);
    if (n >= window.length) {
      regression.removeData(n - window.length, window[slot]);
    }
    window[slot] = value;
    regression.addData(n, value);
    n++;
    if (n % (64L * window.length) == 0) {
      rebuild(); // sliding removals accumulate rounding error: start the sums afresh now and then
    }
  }

  private void rebuild() {
    regression.clear();
    long first = Math.max(0, n - window.length);
    for (long x = first; x < n; x++) {
      regression.addData(x, window[(int) (x % window.length)]);
    }
  }

  @Override
  public double forecast(int stepsAhead) {
    if (n == 0) {
      return 0;
    }
    if (n == 1) {
      return window[0];
    }
    double x = n - 1 + stepsAhead;
    return regression.getIntercept() + regression.getSlope() * x;
  }

  @Override
  public double errorStdDev(int stepsAhead) {
    return errors.stdDev(1) * (1 + 0.1 * (Math.max(1, stepsAhead) - 1));
  }

  @Override
  public long count() {
    return n;
  }

  double slope() {
    return regression.getSlope();
  }
}
