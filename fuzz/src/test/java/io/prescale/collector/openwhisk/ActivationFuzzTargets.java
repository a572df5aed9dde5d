package io.prescale.collector.openwhisk;

import io.prescale.fuzz.FuzzTarget;

/** The openwhisk source's decoding target, for the tests and the long pass. */
public final class ActivationFuzzTargets {
  private ActivationFuzzTargets() {}

  public static FuzzTarget activations() {
    return new ActivationFuzzTarget();
  }
}
