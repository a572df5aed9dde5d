package io.prescale.app.logs;

import java.util.Locale;

/**
 * {@code --log-format}: {@code text} (one line per event, the default) or {@code json} (one JSON
 * object a line).
 */
public enum LogFormat {
  TEXT,
  JSON;

  /**
   * Picocli and the environment spell it in lower case; the error names the value and the choices.
   */
  public static LogFormat parse(String value) {
    try {
      return valueOf(value.trim().toUpperCase(Locale.ROOT));
    } catch (IllegalArgumentException | NullPointerException e) {
      throw new IllegalArgumentException(
          "--log-format = " + value + ", must be one of [text, json]");
    }
  }
}
