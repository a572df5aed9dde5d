package io.prescale.adapter.spi;

import java.util.Locale;
import java.util.Objects;

/**
 * What one apply did.
 *
 * @param kind NOOP (already there, or superseded), SCALED, REJECTED (the target or request is
 *     wrong; retrying will not help), FAILED (retries exhausted or breaker open)
 * @param from the count before, -1 when unknown
 * @param to the count asked for
 * @param detail one line a person reads
 */
public record ApplyOutcome(Kind kind, int from, int to, String detail) {

  public enum Kind {
    NOOP,
    SCALED,
    REJECTED,
    FAILED;

    private final String label = name().toLowerCase(Locale.ROOT);

    /** Lower-case label value for metrics and JSON. */
    public String label() {
      return label;
    }
  }

  public ApplyOutcome {
    Objects.requireNonNull(kind, "kind");
    Objects.requireNonNull(detail, "detail");
  }

  public static ApplyOutcome noop(int at, String detail) {
    return new ApplyOutcome(Kind.NOOP, at, at, detail);
  }

  public static ApplyOutcome scaled(int from, int to, String detail) {
    return new ApplyOutcome(Kind.SCALED, from, to, detail);
  }

  public static ApplyOutcome rejected(int from, int to, String detail) {
    return new ApplyOutcome(Kind.REJECTED, from, to, detail);
  }

  public static ApplyOutcome failed(int from, int to, String detail) {
    return new ApplyOutcome(Kind.FAILED, from, to, detail);
  }
}
