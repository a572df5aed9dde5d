package io.prescale.autoscaler.predictive;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.Decider;
import io.prescale.core.decide.DeciderProvider;
import io.prescale.core.decide.DeciderSpec;

/**
 * Provider of the {@code shadow} mode: the function is decided exactly as in {@code predictive}
 * mode (same decider, same settings), but {@code prescale run} never hands its decisions to an
 * adapter; it records them and what the platform did instead (the app's {@code shadow} package).
 */
public final class ShadowDeciderProvider implements DeciderProvider {
  public static final String NAME = "shadow";

  private final PredictiveDeciderProvider predictive = new PredictiveDeciderProvider();

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public Decider create(FunctionKey function, DeciderSpec spec) {
    return predictive.create(function, spec);
  }
}
