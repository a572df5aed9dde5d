package io.prescale.autoscaler.forecast;

/** Provider of {@code seasonal-naive}; applicable only when a period was detected. */
public final class SeasonalNaiveModelProvider implements ForecastModelProvider {
  public static final String NAME = "seasonal-naive";

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
    return new SeasonalNaiveModel(context.period());
  }
}
