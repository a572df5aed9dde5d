package io.prescale.core.decide;

import io.prescale.core.FunctionKey;
import io.prescale.core.spi.Named;

/**
 * Makes deciders of one kind, found by {@link #name()} (the spec's {@code mode}) through {@link
 * java.util.ServiceLoader}, as OpenTelemetry finds exporters.
 */
public interface DeciderProvider extends Named {

  /** A fresh decider for {@code function}. */
  Decider create(FunctionKey function, DeciderSpec spec);
}
