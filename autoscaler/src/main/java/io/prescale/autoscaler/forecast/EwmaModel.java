package io.prescale.autoscaler.forecast;

/**
 * Exponentially weighted moving average: level {@code l += alpha * (y - l)}; the forecast is the
 * level at every horizon. {@link #refit(double[])} picks alpha on a grid by one-step squared error,
 * so a step change is followed as fast as the series allows.
 */
final class EwmaModel implements ForecastModel {
  static final double DEFAULT_ALPHA = 0.3;
  private static final double[] ALPHAS = {0.05, 0.1, 0.2, 0.3, 0.5, 0.7, 0.9};

  private final ErrorTracker errors = new ErrorTracker();
  private double alpha;
  private double level;
  private long n;

  EwmaModel(double alpha) {
    if (!(alpha > 0 && alpha <= 1)) {
      throw new IllegalArgumentException("alpha = " + alpha + ", must be in (0; 1]");
    }
    this.alpha = alpha;
  }

  @Override
  public String name() {
    return EwmaModelProvider.NAME;
  }

  @Override
  public void observe(double value) {
    if (n == 0) {
      level = value;
    } else {
      errors.add(value - level);
      level += alpha * (value - level);
    }
    n++;
  }

  @Override
  public double forecast(int stepsAhead) {
    return level;
  }

  @Override
  public double errorStdDev(int stepsAhead) {
    // the EWMA's error grows slowly with the horizon (local level model): 1 + (h-1) alpha^2
    double growth = 1 + (Math.max(1, stepsAhead) - 1) * alpha * alpha;
    return errors.stdDev(1) * Math.sqrt(growth);
  }

  @Override
  public long count() {
    return n;
  }

  @Override
  public void refit(double[] history) {
    if (history.length < 4) {
      return;
    }
    double best = Double.POSITIVE_INFINITY;
    double bestAlpha = alpha;
    for (double a : ALPHAS) {
      double sse = sse(history, a);
      if (sse < best) {
        best = sse;
        bestAlpha = a;
      }
    }
    alpha = bestAlpha;
    errors.reset();
    n = 0;
    for (double v : history) {
      observe(v);
    }
  }

  double alpha() {
    return alpha;
  }

  private static double sse(double[] y, double a) {
    double l = y[0];
    double sum = 0;
    for (int i = 1; i < y.length; i++) {
      double e = y[i] - l;
      sum += e * e;
      l += a * e;
    }
    return sum;
  }
}
