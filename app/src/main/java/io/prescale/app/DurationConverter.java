package io.prescale.app;

import io.prescale.core.time.Durations;
import java.time.Duration;
import picocli.CommandLine;

/**
 * Durations on the command line, in the one grammar of {@link Durations} ({@code 500ms}, {@code
 * 1.5s}, {@code 10m}, {@code 1h30m}, {@code 2d}, {@code PT90S}). Negative durations are refused;
 * {@link Positive} refuses zero too. Picocli prefixes the option's name to the message.
 */
public class DurationConverter implements CommandLine.ITypeConverter<Duration> {
  @Override
  public Duration convert(String value) {
    Duration d = Durations.parseOrNull(value);
    if (d == null) {
      throw new CommandLine.TypeConversionException(
          "'" + value + "' is not a duration (must be " + Durations.SYNTAX + ")");
    }
    if (d.isNegative()) {
      throw new CommandLine.TypeConversionException("'" + value + "' must not be negative");
    }
    return d;
  }

  /** A duration that must be more than zero. */
  public static final class Positive extends DurationConverter {
    @Override
    public Duration convert(String value) {
      Duration d = super.convert(value);
      if (d.isZero()) {
        throw new CommandLine.TypeConversionException(
            "'" + value + "' must be a positive duration");
      }
      return d;
    }
  }
}
