package io.prescale.collector.lambda;

import io.prescale.fuzz.FuzzTarget;

/** The Lambda decoders' target, for the test and the long pass. */
public final class LambdaFuzzTargets {
  private LambdaFuzzTargets() {}

  public static FuzzTarget lambda() {
    return new LambdaFuzzTarget();
  }
}
