package io.prescale.autoscaler.forecast;

/**
 * What a provider needs to build a model for one series.
 *
 * @param period season length in steps, 0 when no significant period was detected
 * @param window sliding-window length in steps for window models (linear trend)
 */
public record ModelContext(int period, int window) {
  public static final int DEFAULT_WINDOW = 30;

  public ModelContext {
    if (period < 0) {
      throw new IllegalArgumentException("period = " + period + ", must be in [0; inf)");
    }
    if (window < 3) {
      throw new IllegalArgumentException("window = " + window + ", must be in [3; inf)");
    }
  }

  /** No period, default window. */
  public static ModelContext of(int period) {
    return new ModelContext(period, DEFAULT_WINDOW);
  }
}
