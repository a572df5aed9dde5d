package io.prescale.autoscaler.forecast;

/** Provider of {@code ewma}: exponentially weighted moving average. */
public final class EwmaModelProvider implements ForecastModelProvider {
  public static final String NAME = "ewma";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ForecastModel create(ModelContext context) {
    return new EwmaModel(EwmaModel.DEFAULT_ALPHA);
  }
}
