package io.prescale.cluster;

/** A record on a Prescale topic that cannot be used: counted by {@link #reason} and skipped. */
final class BadRecord extends Exception {
  private static final long serialVersionUID = 1L;

  /** The {@code outcome} label of {@code prescale_cluster_records_total}. */
  enum Reason {
    UNDECODABLE("undecodable"),
    OVERSIZED("oversized"),
    UNKNOWN_VERSION("unknown_version");

    final String label;

    Reason(String label) {
      this.label = label;
    }
  }

  private final Reason reason;

  BadRecord(Reason reason, String message) {
    super(message, null, false, false);
    this.reason = reason;
  }

  Reason reason() {
    return reason;
  }
}
