package io.prescale.collector.snapshot;

import io.prescale.fuzz.FuzzTarget;

/** The snapshot reader's target, for the tests and the long pass. */
public final class SnapshotFuzzTargets {
  private SnapshotFuzzTargets() {}

  public static FuzzTarget snapshot() {
    return new SnapshotFuzzTarget();
  }
}
