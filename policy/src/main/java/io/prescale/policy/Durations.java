package io.prescale.policy;

import java.time.Duration;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Durations as operators write them: {@code 500ms}, {@code 30s}, {@code 5m}, {@code 1h30m}, {@code 2d}, {@code 0}. */
final class Durations {
  static final String SYNTAX = "a duration like 500ms, 30s, 5m, 1h30m or 1d";
  private static final Pattern WHOLE = Pattern.compile("(?:[0-9]+(?:ms|s|m|h|d))+");
  private static final Pattern PART = Pattern.compile("([0-9]+)(ms|s|m|h|d)");

  private Durations() {}

  /** The duration, or null when {@code text} is not one. */
  static Duration parse(String text) {
    String t = text.trim();
    if (t.equals("0")) {
      return Duration.ZERO;
    }
    if (!WHOLE.matcher(t).matches()) {
      return null;
    }
    Duration total = Duration.ZERO;
    Matcher m = PART.matcher(t);
    try {
      while (m.find()) {
        long n = Long.parseLong(m.group(1));
        switch (m.group(2)) {
          case "ms": total = total.plusMillis(n); break;
          case "s": total = total.plusSeconds(n); break;
          case "m": total = total.plus(Duration.ofMinutes(n)); break;
          case "h": total = total.plus(Duration.ofHours(n)); break;
          default: total = total.plus(Duration.ofDays(n)); break;
        }
      }
    } catch (ArithmeticException | NumberFormatException e) {
      return null;
    }
    return total;
  }

  /** The shortest text {@link #parse} reads back to {@code d}: {@code 1h30m}, {@code 500ms}, {@code 0s}. */
  static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    StringBuilder b = new StringBuilder();
    long days = d.toDays();
    Duration rest = d.minusDays(days);
    if (days > 0) {
      b.append(days).append('d');
    }
    append(b, rest.toHours(), "h");
    append(b, rest.toMinutesPart(), "m");
    append(b, rest.toSecondsPart(), "s");
    append(b, rest.toMillisPart(), "ms");
    if (b.length() == 0) {
      b.append(d.toNanos()).append("ns");
    }
    return b.toString();
  }

  private static void append(StringBuilder b, long n, String unit) {
    if (n > 0) {
      b.append(n).append(unit);
    }
  }
}
