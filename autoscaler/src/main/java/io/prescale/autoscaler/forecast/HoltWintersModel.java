package io.prescale.autoscaler.forecast;

/**
 * Holt-Winters with additive trend and additive seasonality of period {@code p}:
 *
 * <pre>
 *   level  l' = alpha (y - s[t]) + (1 - alpha)(l + b)
 *   trend  b' = beta (l' - l) + (1 - beta) b
 *   season s[t] = gamma (y - l') + (1 - gamma) s[t]
 *   forecast(h) = l + h b + s[t + h - 1]
 * </pre>
 *
 * The first two periods initialise the state (level = mean of period 1, trend = difference of the
 * period means / p, season = period-1 deviations); until then the forecast is the running mean.
 * {@link #refit(double[])} fits alpha, beta, gamma with {@link HoltWintersFit} (BOBYQA on one-step
 * squared error) and replays the history.
 */
final class HoltWintersModel implements ForecastModel {
  private final int period;
  private final float[] season;
  private final ErrorTracker errors = new ErrorTracker();
  private double alpha = 0.2;
  private double beta = 0.01;
  private double gamma = 0.1;
  private double level;
  private double trend;
  private double runningSum;
  private long n;
  private boolean ready;
  private double[] initBuffer; // the first two periods, dropped once initialised

  HoltWintersModel(int period) {
    if (period < 2) {
      throw new IllegalArgumentException("period = " + period + ", must be in [2; inf)");
    }
    this.period = period;
    this.season = new float[period];
    this.initBuffer = new double[2 * period];
  }

  @Override
  public String name() {
    return HoltWintersModelProvider.NAME;
  }

  @Override
  public int warmUp() {
    return 2 * period + 1;
  }

  @Override
  public void observe(double value) {
    if (!ready) {
      initBuffer[(int) n] = value;
      runningSum += value;
      n++;
      if (n == 2L * period) {
        initialise();
      }
      return;
    }
    int s = (int) (n % period);
    double predicted = level + trend + season[s];
    errors.add(value - predicted);
    double previousLevel = level;
    level = alpha * (value - season[s]) + (1 - alpha) * (level + trend);
    trend = beta * (level - previousLevel) + (1 - beta) * trend;
    season[s] = (float) (gamma * (value - level) + (1 - gamma) * season[s]);
    n++;
  }

  private void initialise() {
    double mean1 = 0;
    double mean2 = 0;
    for (int i = 0; i < period; i++) {
      mean1 += initBuffer[i];
      mean2 += initBuffer[period + i];
    }
    mean1 /= period;
    mean2 /= period;
    trend = (mean2 - mean1) / period;
    for (int i = 0; i < period; i++) {
      season[i] = (float) (0.5 * ((initBuffer[i] - mean1) + (initBuffer[period + i] - mean2)));
    }
    // level at the end of period 2, so the next step continues from there
    level = mean2 + trend * (period - 1) / 2.0;
    ready = true;
    initBuffer = null;
  }

  @Override
  public double forecast(int stepsAhead) {
    int h = Math.max(1, stepsAhead);
    if (!ready) {
      return n == 0 ? 0 : runningSum / n;
    }
    return level + h * trend + season[(int) ((n + h - 1) % period)];
  }

  @Override
  public double errorStdDev(int stepsAhead) {
    int h = Math.max(1, stepsAhead);
    return errors.stdDev(1) * Math.sqrt(1 + (h - 1) * alpha * alpha);
  }

  @Override
  public long count() {
    return n;
  }

  @Override
  public void refit(double[] history) {
    if (history.length < 2 * period + 2) {
      return;
    }
    double[] fitted = HoltWintersFit.fit(history, period, new double[] {alpha, beta, gamma});
    alpha = fitted[0];
    beta = fitted[1];
    gamma = fitted[2];
    replay(history);
  }

  /** Rebuilds the state from {@code history} with the current parameters. */
  void replay(double[] history) {
    ready = false;
    n = 0;
    runningSum = 0;
    errors.reset();
    initBuffer = new double[2 * period];
    for (double v : history) {
      observe(v);
    }
  }

  void setParameters(double a, double b, double g) {
    alpha = a;
    beta = b;
    gamma = g;
  }

  double[] parameters() {
    return new double[] {alpha, beta, gamma};
  }

  int period() {
    return period;
  }
}
