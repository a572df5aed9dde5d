package io.prescale.autoscaler.forecast;

/** Provider of {@code linear-trend}: a sliding-window least-squares line. */
public final class LinearTrendModelProvider implements ForecastModelProvider {
  public static final String NAME = "linear-trend";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ForecastModel create(ModelContext context) {
    return new LinearTrendModel(context.window());
  }
}
