package io.prescale.collector.api;

import io.prescale.core.time.Durations;
import java.time.Duration;

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
   * A duration in the one grammar of {@link Durations} ({@code 30s}, {@code 5m}, {@code 1h}, {@code
   * 7d}, {@code PT5M}), in whole seconds (a fraction is dropped) within {@code [1s; maxSeconds]};
   * {@code fallback} when absent.
   */
  static int durationSeconds(String name, String value, int fallback, int maxSeconds) {
    if (value == null || value.isEmpty()) {
      return fallback;
    }
    String range = "[1s; " + Durations.format(Duration.ofSeconds(maxSeconds)) + "]";
    Duration d = Durations.parseOrNull(value);
    if (d == null) {
      throw new BadParameter(
          name + " = " + value + ", must be " + Durations.SYNTAX + " in " + range);
    }
    long seconds = d.getSeconds();
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
      throw new BadParameter(
          name + " = " + value + ", must be an integer in [" + min + "; " + max + "]");
    }
    if (v < min || v > max) {
      throw new BadParameter(name + " = " + value + ", must be in [" + min + "; " + max + "]");
    }
    return (int) v;
  }
}
