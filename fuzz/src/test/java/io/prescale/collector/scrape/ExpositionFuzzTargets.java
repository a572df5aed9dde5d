package io.prescale.collector.scrape;

import io.prescale.fuzz.FuzzTarget;

/** The scrape path's target, for the tests and the long pass. */
public final class ExpositionFuzzTargets {
  private ExpositionFuzzTargets() {}

  public static FuzzTarget exposition() {
    return new ExpositionFuzzTarget();
  }
}
