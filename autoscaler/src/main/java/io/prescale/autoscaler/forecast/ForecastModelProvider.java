package io.prescale.autoscaler.forecast;

import io.prescale.core.spi.Named;

/**
 * Makes forecast models of one kind, found by {@link #name()} through {@link
 * java.util.ServiceLoader} ({@code
 * META-INF/services/io.prescale.autoscaler.forecast.ForecastModelProvider}).
 */
public interface ForecastModelProvider extends Named {

  /** Whether this model can run in {@code context} (seasonal models need a period). */
  default boolean applicable(ModelContext context) {
    return true;
  }

  /** A fresh, empty model. */
  ForecastModel create(ModelContext context);
}
