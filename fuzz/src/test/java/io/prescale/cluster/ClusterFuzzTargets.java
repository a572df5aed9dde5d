package io.prescale.cluster;

import io.prescale.fuzz.FuzzTarget;

/** The cluster topics' record decoding target, for the tests and the long pass. */
public final class ClusterFuzzTargets {
  private ClusterFuzzTargets() {}

  public static FuzzTarget records() {
    return new BatchFuzzTarget();
  }
}
