package io.prescale.app.demo;

import java.time.Duration;
import java.time.format.DateTimeParseException;
import java.util.Locale;
import picocli.CommandLine;

/** {@code 90s}, {@code 500ms}, {@code 10m}, {@code 2h} or ISO-8601 ({@code PT90S}); positive. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    String s = value.trim().toLowerCase(Locale.ROOT);
    Duration d;
    try {
      if (s.startsWith("p")) {
        d = Duration.parse(s.toUpperCase(Locale.ROOT));
      } else if (s.endsWith("ms")) {
        d = Duration.ofMillis(Long.parseLong(s.substring(0, s.length() - 2)));
      } else {
        long n = Long.parseLong(s.substring(0, Math.max(0, s.length() - 1)));
        d = switch (s.isEmpty() ? ' ' : s.charAt(s.length() - 1)) {
          case 's' -> Duration.ofSeconds(n);
          case 'm' -> Duration.ofMinutes(n);
          case 'h' -> Duration.ofHours(n);
          default -> throw new NumberFormatException(value);
        };
      }
    } catch (NumberFormatException | DateTimeParseException e) {
      throw new CommandLine.TypeConversionException("'" + value + "' is not a duration; use e.g. 90s, 500ms, 10m, 2h");
    }
    if (d.isNegative() || d.isZero()) {
      throw new CommandLine.TypeConversionException("'" + value + "' must be a positive duration");
    }
    return d;
  }
}
