package io.prescale.simulator.platform;

import java.util.Locale;

/** The two platform models, by their command-line names. */
public enum PlatformKind {
  ON_DEMAND("on-demand"),
  AUTOSCALED("autoscaled");

  private final String wireName;

  PlatformKind(String wireName) {
    this.wireName = wireName;
  }

  public String wireName() {
    return wireName;
  }

  /** A fresh pool for one function. */
  public InstancePool newPool(PoolConfig config, PoolListener listener) {
    return this == ON_DEMAND
        ? new OnDemandPool(config, listener)
        : new AutoscaledPool(config, listener);
  }

  public static PlatformKind parse(String value) {
    for (PlatformKind k : values()) {
      if (k.wireName.equals(value.trim().toLowerCase(Locale.ROOT))) {
        return k;
      }
    }
    throw new IllegalArgumentException(
        "platform = " + value + ", must be one of on-demand, autoscaled, both");
  }
}
