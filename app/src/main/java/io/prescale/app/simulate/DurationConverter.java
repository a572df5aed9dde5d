package io.prescale.app.simulate;

import java.time.Duration;
import java.util.Locale;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import picocli.CommandLine;

/** Durations on the command line: {@code 500ms}, {@code 1s}, {@code 1.5s}, {@code 10m}, {@code 2h} or ISO-8601. */
final class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  private static final Pattern SIMPLE = Pattern.compile("(\\d+(?:\\.\\d+)?)(ms|s|m|h)");

  @Override
  public Duration convert(String value) {
    String v = value.trim().toLowerCase(Locale.ROOT);
    Matcher m = SIMPLE.matcher(v);
    if (m.matches()) {
      double n = Double.parseDouble(m.group(1));
      double nanos = switch (m.group(2)) {
        case "ms" -> n * 1e6;
        case "s" -> n * 1e9;
        case "m" -> n * 60e9;
        default -> n * 3600e9;
      };
      return Duration.ofNanos(Math.round(nanos));
    }
    try {
      return Duration.parse(value.trim().toUpperCase(Locale.ROOT));
    } catch (RuntimeException e) {
      throw new CommandLine.TypeConversionException("'" + value
          + "' is not a duration (examples: 500ms, 1s, 10m, 2h, PT1S)");
    }
  }
}
