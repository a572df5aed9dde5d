package io.prescale.app;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/**
 * Durations on the command line, in the policy files' syntax plus decimals and ISO-8601:
 * {@code 500ms}, {@code 1.5s}, {@code 90s}, {@code 10m}, {@code 1h30m}, {@code 2d}, {@code PT90S}.
 * Negative durations are refused; {@link Positive} refuses zero too.
 */
public class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  private static final Pattern WHOLE = Pattern.compile("(?:\\d+(?:\\.\\d+)?(?:ms|s|m|h|d))+");
  private static final Pattern PART = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h|d)");

  @Override
  public Duration convert(String value) {
    Duration d = parse(value);
    if (d == null) {
      throw new CommandLine.TypeConversionException("'" + value
          + "' is not a duration (examples: 500ms, 1.5s, 90s, 10m, 1h30m, PT90S)");
    }
    if (d.isNegative()) {
      throw new CommandLine.TypeConversionException("'" + value + "' must not be negative");
    }
    return d;
  }

  /** The duration {@code text} names, or null. */
  static Duration parse(String text) {
    String t = text.trim().toLowerCase(Locale.ROOT);
    if (t.startsWith("p") || t.startsWith("-p")) {
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
    double nanos = 0;
    Matcher m = PART.matcher(t);
    while (m.find()) {
      double n = Double.parseDouble(m.group(1));
      nanos += n * switch (m.group(2)) {
        case "ms" -> 1e6;
        case "s" -> 1e9;
        case "m" -> 60e9;
        case "h" -> 3600e9;
        default -> 86_400e9;
      };
    }
    return nanos > Long.MAX_VALUE ? null : Duration.ofNanos(Math.round(nanos));
  }

  /** A duration that must be more than zero. */
  public static final class Positive extends DurationConverter {
    @Override
    public Duration convert(String value) {
      Duration d = super.convert(value);
      if (d.isZero()) {
        throw new CommandLine.TypeConversionException("'" + value + "' must be a positive duration");
      }
      return d;
    }
  }
}
