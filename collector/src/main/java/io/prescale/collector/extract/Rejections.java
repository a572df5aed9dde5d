package io.prescale.collector.extract;

import java.util.EnumMap;
import java.util.Map;
import java.util.concurrent.atomic.AtomicLongArray;

/**
 * Items that decoded but could not be used, by reason: counted for the lifetime of the sink
 * (thread-safe reads) and per request (to build the OTLP partial-success message).
 */
final class Rejections {
  /** Why an item was refused; {@link #label} is the metric label. */
  enum Reason {
    NO_IDENTITY("no_identity", "without a function identity (set faas.name or service.name)"),
    FUTURE("future_timestamp", "with timestamps too far in the future"),
    TOO_LATE("too_late", "older than the allowed lateness"),
    BAD_INTERVAL("bad_interval", "with an end before the start or no start time"),
    FUNCTION_LIMIT("function_limit", "for new functions past the tracked-function limit"),
    BAD_VALUE("bad_value", "with absurd or non-finite values");

    final String label;
    final String text;

    Reason(String label, String text) {
      this.label = label;
      this.text = text;
    }
  }

  private final AtomicLongArray total = new AtomicLongArray(Reason.values().length);

  /** Per-request tally; not thread-safe (one ingest thread). */
  final class Tally {
    private final long[] counts = new long[Reason.values().length];
    private long rejected;
    private String firstBadValue;

    /** A {@link Reason#BAD_VALUE} rejection; the first {@code detail} goes into the message. */
    void badValue(String detail) {
      if (firstBadValue == null) {
        firstBadValue = detail;
      }
      add(Reason.BAD_VALUE);
    }

    void add(Reason r) {
      counts[r.ordinal()]++;
      rejected++;
      total.incrementAndGet(r.ordinal());
    }

    long rejected() {
      return rejected;
    }

    String message(String what, long items, String futureHint, String lateHint) {
      if (rejected == 0) {
        return "";
      }
      StringBuilder b =
          new StringBuilder("rejected ")
              .append(rejected)
              .append(" of ")
              .append(items)
              .append(' ')
              .append(what)
              .append(':');
      String sep = " ";
      for (Reason r : Reason.values()) {
        long n = counts[r.ordinal()];
        if (n > 0) {
          b.append(sep).append(n).append(' ').append(r.text);
          if (r == Reason.FUTURE) {
            b.append(" (more than ").append(futureHint).append(" ahead of the collector clock)");
          } else if (r == Reason.TOO_LATE) {
            b.append(" (").append(lateHint).append(")");
          } else if (r == Reason.BAD_VALUE && firstBadValue != null) {
            b.append(" (first: ").append(firstBadValue).append(")");
          }
          sep = "; ";
        }
      }
      return b.toString();
    }
  }

  Tally tally() {
    return new Tally();
  }

  Map<Reason, Long> totals() {
    Map<Reason, Long> m = new EnumMap<>(Reason.class);
    for (Reason r : Reason.values()) {
      m.put(r, total.get(r.ordinal()));
    }
    return m;
  }
}
