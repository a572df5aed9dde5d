package io.prescale.autoscaler.forecast;

/** Provider of {@code holt-winters} (additive); applicable only when a period was detected. */
public final class HoltWintersModelProvider implements ForecastModelProvider {
  public static final String NAME = "holt-winters";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public boolean applicable(ModelContext context) {
    return context.period() >= 2;
  }

  @Override
  public ForecastModel create(ModelContext context) {
    return new HoltWintersModel(context.period());
  }
}
