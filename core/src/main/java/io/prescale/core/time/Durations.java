package io.prescale.core.time;

import java.math.BigDecimal;
import java.math.RoundingMode;
import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The one duration grammar of Prescale (policy files, the command line, adapter settings, API query
 * parameters) and the one way a duration is printed for people. See {@code
 * docs/ARCHITECTURE.md#durations} for the grammar.
 */
public final class Durations {
  /** The allowed form, for error messages: {@code "x = y, must be " + SYNTAX}. */
  public static final String SYNTAX = "a duration like 500ms, 30s, 5m, 1h30m, 2d, 1.5s or PT90S";

  /**
   * The grammar's non-negative values as a JSON Schema (ECMAScript) regular expression, for the
   * policy schema; ISO-8601 is only checked for its leading {@code P} there.
   */
  public static final String PATTERN =
      "^\\s*(0|[pP].+|([0-9]+(\\.[0-9]+)?([mM][sS]|[sSmMhHdD]))+)\\s*$";

  private static final Pattern WHOLE = Pattern.compile("(?:[0-9]+(?:\\.[0-9]+)?(?:ms|s|m|h|d))+");
  private static final Pattern PART = Pattern.compile("([0-9]+(?:\\.[0-9]+)?)(ms|s|m|h|d)");

  /** Longer numbers are out of range anyway; refusing them keeps parsing linear. */
  private static final int MAX_DIGITS = 40;

  private static final BigDecimal NANOS_PER_SECOND = BigDecimal.valueOf(1_000_000_000L);

  private Durations() {}

  /**
   * The duration {@code value} names; the error names {@code key}, the value and the allowed form.
   * Negative values parse (a leading {@code -}): range checks are the caller's.
   */
  public static Duration parse(String key, String value) {
    Duration d = value == null ? null : parseOrNull(value);
    if (d == null) {
      throw new IllegalArgumentException(key + " = " + value + ", must be " + SYNTAX);
    }
    return d;
  }

  /**
   * The duration {@code text} names, or null when it is not one. Accepted, case-insensitive and
   * trimmed: {@code 0}; one or more number-unit parts, units {@code ms s m h d}, numbers with an
   * optional fraction ({@code 1h30m}, {@code 1.5s}, {@code 2d}); ISO-8601 ({@code PT90S}); each
   * with an optional leading sign.
   */
  public static Duration parseOrNull(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    boolean negative = false;
    if (t.startsWith("-") || t.startsWith("+")) {
      negative = t.charAt(0) == '-';
      t = t.substring(1);
    }
    Duration d = unsigned(t);
    if (d == null) {
      return null;
    }
    try {
      return negative ? d.negated() : d;
    } catch (ArithmeticException e) {
      return null;
    }
  }

  private static Duration unsigned(String t) {
    if (t.startsWith("p")) {
      try {
        return Duration.parse(t.toUpperCase(Locale.ROOT));
      } catch (DateTimeParseException e) {
        return null;
      }
    }
    if (t.equals("0")) {
      return Duration.ZERO;
    }
    if (!WHOLE.matcher(t).matches()) {
      return null;
    }
    BigDecimal seconds = BigDecimal.ZERO;
    Matcher m = PART.matcher(t);
    while (m.find()) {
      String number = stripLeadingZeros(m.group(1));
      if (number.length() > MAX_DIGITS) {
        return null;
      }
      long unitSeconds =
          switch (m.group(2)) {
            case "ms" -> 0;
            case "s" -> 1;
            case "m" -> 60;
            case "h" -> 3600;
            default -> 86_400;
          };
      BigDecimal n = new BigDecimal(number);
      seconds =
          seconds.add(
              unitSeconds == 0 ? n.movePointLeft(3) : n.multiply(BigDecimal.valueOf(unitSeconds)));
    }
    BigDecimal nanos = seconds.multiply(NANOS_PER_SECOND).setScale(0, RoundingMode.HALF_UP);
    BigDecimal[] secondsAndNanos = nanos.divideAndRemainder(NANOS_PER_SECOND);
    try {
      return Duration.ofSeconds(
          secondsAndNanos[0].longValueExact(), secondsAndNanos[1].longValueExact());
    } catch (ArithmeticException e) {
      return null;
    }
  }

  private static String stripLeadingZeros(String number) {
    int i = 0;
    while (i < number.length() - 1 && number.charAt(i) == '0' && number.charAt(i + 1) != '.') {
      i++;
    }
    return number.substring(i);
  }

  /**
   * The shortest text {@link #parseOrNull} reads back to {@code d}: {@code 0s}, {@code 250ms},
   * {@code 1s}, {@code 10m}, {@code 1h30m}, {@code 2d}, {@code 1s500ms}; a part below a millisecond
   * as a fraction of one ({@code 1.5ms}); negative with a leading {@code -}.
   */
  public static String format(Duration d) {
    if (d.isZero()) {
      return "0s";
    }
    if (d.isNegative()) {
      return "-" + format(d.negated());
    }
    StringBuilder b = new StringBuilder();
    append(b, d.toDays(), "d");
    append(b, d.toHoursPart(), "h");
    append(b, d.toMinutesPart(), "m");
    append(b, d.toSecondsPart(), "s");
    int nanos = d.toNanosPart();
    if (nanos % 1_000_000 == 0) {
      append(b, nanos / 1_000_000, "ms");
    } else {
      b.append(BigDecimal.valueOf(nanos, 6).stripTrailingZeros().toPlainString()).append("ms");
    }
    return b.toString();
  }

  private static void append(StringBuilder b, long n, String unit) {
    if (n > 0) {
      b.append(n).append(unit);
    }
  }
}
