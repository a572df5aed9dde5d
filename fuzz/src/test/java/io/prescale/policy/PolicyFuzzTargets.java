package io.prescale.policy;

import io.prescale.fuzz.FuzzTarget;

/** The policy loader's target, for the tests and the long pass. */
public final class PolicyFuzzTargets {
  private PolicyFuzzTargets() {}

  public static FuzzTarget policy() {
    return new PolicyFuzzTarget();
  }
}
