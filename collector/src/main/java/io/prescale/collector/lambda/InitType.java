package io.prescale.collector.lambda;

/** How Lambda initialised an execution environment ({@code initializationType}). */
enum InitType {
  ON_DEMAND("on-demand"),
  PROVISIONED_CONCURRENCY("provisioned-concurrency"),
  SNAP_START("snap-start");

  final String value;

  InitType(String value) {
    this.value = value;
  }

  /** The type named by the Telemetry API value, or null. */
  static InitType of(String value) {
    for (InitType t : values()) {
      if (t.value.equals(value)) {
        return t;
      }
    }
    return null;
  }
}
