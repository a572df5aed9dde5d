package io.prescale.autoscaler.forecast;

import io.prescale.core.spi.ProviderNames;
import java.util.Set;

/** The names of the registered {@link ForecastModelProvider}s, for the policy loader. */
public final class ForecastModelNames implements ProviderNames {
  @Override
  public String kind() {
    return FORECAST_MODEL;
  }

  @Override
  public Set<String> names() {
    return ForecastModels.all().keySet();
  }
}
