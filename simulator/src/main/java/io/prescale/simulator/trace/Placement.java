package io.prescale.simulator.trace;

import java.util.Locale;

/** How per-minute invocation counts are placed inside their minute. */
public enum Placement {
  /** Exactly the trace's count, at seeded uniform-random instants in the minute (sorted). */
  UNIFORM(
      "uniform", "each minute's count placed at seeded uniform-random instants within the minute"),
  /**
   * A homogeneous Poisson process whose rate is the minute's count / 60 s: the mean count per
   * minute equals the trace, the realised count varies.
   */
  POISSON(
      "poisson",
      "a seeded Poisson process per minute with rate = the minute's count / 60 s"
          + " (realised counts vary around the trace's)");

  private final String wireName;
  private final String description;

  Placement(String wireName, String description) {
    this.wireName = wireName;
    this.description = description;
  }

  public String wireName() {
    return wireName;
  }

  /** One sentence for reports. */
  public String description() {
    return description;
  }

  public static Placement parse(String value) {
    for (Placement p : values()) {
      if (p.wireName.equals(value.toLowerCase(Locale.ROOT))) {
        return p;
      }
    }
    throw new IllegalArgumentException(
        "placement = " + value + ", must be one of uniform, poisson");
  }
}
