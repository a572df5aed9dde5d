package io.prescale.app.logs;

import picocli.CommandLine;

/**
 * Picocli's reading of {@code --log-format}; a bad value is a usage error naming it and the
 * choices.
 */
public final class LogFormatConverter implements CommandLine.ITypeConverter<LogFormat> {
  @Override
  public LogFormat convert(String value) {
    try {
      return LogFormat.parse(value);
    } catch (IllegalArgumentException e) {
      throw new CommandLine.TypeConversionException(e.getMessage());
    }
  }
}
