package io.prescale.core.decide;

import java.time.Duration;
import java.util.List;
import java.util.Objects;

/**
 * Forecast settings of the predictive decider.
 *
 * @param models candidate model names; empty means every registered model competes
 * @param horizon how far ahead to provision; null derives it from the cold-start time
 * @param quantile arrival quantile to provision for; null derives it from the cold-start budget
 */
public record ForecastSpec(List<String> models, Duration horizon, Double quantile) {
  public static final ForecastSpec AUTO = new ForecastSpec(List.of(), null, null);

  public ForecastSpec {
    models = List.copyOf(Objects.requireNonNull(models, "models"));
  }
}
