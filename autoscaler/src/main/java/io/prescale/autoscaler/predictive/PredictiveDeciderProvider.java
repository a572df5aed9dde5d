package io.prescale.autoscaler.predictive;

import io.prescale.autoscaler.forecast.ForecastModels;
import io.prescale.core.FunctionKey;
import io.prescale.core.decide.Decider;
import io.prescale.core.decide.DeciderProvider;
import io.prescale.core.decide.DeciderSpec;

/**
 * Provider of the {@code predictive} decider (the policy {@code prescale} in the simulator). The
 * spec's {@code forecast.models} limits the competing models; an unknown name fails here, naming
 * the known ones.
 */
public final class PredictiveDeciderProvider implements DeciderProvider {
  public static final String NAME = "predictive";

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Decider create(FunctionKey function, DeciderSpec spec) {
    return new PredictiveDecider(
        function,
        ForecastModels.select(spec.forecast().models()),
        PredictiveDecider.quantile(spec));
  }
}
