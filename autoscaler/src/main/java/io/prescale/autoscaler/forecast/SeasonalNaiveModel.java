package io.prescale.autoscaler.forecast;

/**
 * Seasonal naive: the value {@code stepsAhead} steps ahead is the value one period earlier. Keeps
 * exactly one period of values (as floats: counts need no more precision).
 */
final class SeasonalNaiveModel implements ForecastModel {
  private final float[] season;
  private final ErrorTracker errors = new ErrorTracker();
  private long n;

  SeasonalNaiveModel(int period) {
    if (period < 2) {
      throw new IllegalArgumentException("period = " + period + ", must be in [2; inf)");
    }
    season = new float[period];
  }

  @Override
  public String name() {
    return SeasonalNaiveModelProvider.NAME;
  }

  @Override
  public int warmUp() {
    return season.length + 1;
  }

  @Override
  public void observe(double value) {
    if (n >= season.length) {
      errors.add(value - forecast(1));
    }
    season[(int) (n % season.length)] = (float) value;
    n++;
  }

  @Override
  public double forecast(int stepsAhead) {
    if (n == 0) {
      return 0;
    }
    int p = season.length;
    long target = n - 1 + Math.max(1, stepsAhead);
    long source = target - p * (((target - n) / p) + 1);
    if (source < 0) {
      return season[(int) ((n - 1) % p)];
    }
    return season[(int) (source % p)];
  }

  @Override
  public double errorStdDev(int stepsAhead) {
    return errors.stdDev(1);
  }

  @Override
  public long count() {
    return n;
  }
}
