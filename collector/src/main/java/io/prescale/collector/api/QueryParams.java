package io.prescale.collector.api;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;

/** Parsing of query parameters; errors name the parameter, the value and the allowed range. */
final class QueryParams {
  private QueryParams() {}

  /** Thrown for a bad parameter; the message is what the 400 body says. */
  static final class BadParameter extends RuntimeException {
    private static final long serialVersionUID = 1L;

    BadParameter(String message) {
      super(message, null, false, false);
    }
  }

  /**
   * A duration like {@code 30s}, {@code 5m}, {@code 1h}, {@code 7d} or ISO-8601 {@code PT5M},
   * whole seconds within {@code [1s; maxSeconds]}; {@code fallback} when absent.
   */
  static int durationSeconds(String name, String value, int fallback, int maxSeconds) {
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    String range = "[1s; " + maxSeconds + "s]";
    long seconds;
    try {
      seconds = parse(value.trim());
    } catch (RuntimeException e) {
      throw new BadParameter(name + " = " + value + ", must be a duration like 30s, 5m, 1h or PT5M in " + range);
    }
    if (seconds < 1 || seconds > maxSeconds) {
      throw new BadParameter(name + " = " + value + ", must be in " + range);
    }
    return (int) seconds;
  }

  /** An integer within {@code [min; max]}; {@code fallback} when absent. */
  static int integer(String name, String value, int fallback, int min, int max) {
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    long v;
    try {
      v = Long.parseLong(value.trim());
    } catch (NumberFormatException e) {
      throw new BadParameter(name + " = " + value + ", must be an integer in [" + min + "; " + max + "]");
    }
    if (v < min || v > max) {
      throw new BadParameter(name + " = " + value + ", must be in [" + min + "; " + max + "]");
    }
    return (int) v;
  }

  private static long parse(String v) {
    String lower = v.toLowerCase(Locale.ROOT);
    if (lower.startsWith("pt") || lower.startsWith("p")) {
      try {
        return Duration.parse(v.toUpperCase(Locale.ROOT)).getSeconds();
      } catch (DateTimeParseException e) {
        throw new IllegalArgumentException(e);
      }
    }
    char unit = lower.charAt(lower.length() - 1);
    long factor = switch (unit) {
      case 's' -> 1;
      case 'm' -> 60;
      case 'h' -> 3600;
      case 'd' -> 86_400;
      default -> throw new IllegalArgumentException("unit");
    };
    return Math.multiplyExact(Long.parseLong(lower.substring(0, lower.length() - 1)), factor);
  }
}
