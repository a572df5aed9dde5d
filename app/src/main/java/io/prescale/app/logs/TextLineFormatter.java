package io.prescale.app.logs;

import java.time.format.DateTimeFormatter;
import java.util.logging.Formatter;
import java.util.logging.LogRecord;

/**
 * One line per event: {@code 2026-12-06T06:21:04.123Z WARNING io.prescale.x.Y: message}, and when
 * the event carries a throwable {@code : ErrorClass: its message} on the same line (no stack trace:
 * {@code --log-format json} has it in a field). Line breaks inside a message become spaces.
 */
final class TextLineFormatter extends Formatter {
  @Override
  public String format(LogRecord r) {
    StringBuilder b = new StringBuilder(160);
    b.append(DateTimeFormatter.ISO_INSTANT.format(r.getInstant()))
        .append(' ')
        .append(r.getLevel().getName())
        .append(' ')
        .append(r.getLoggerName() == null ? "" : r.getLoggerName())
        .append(": ")
        .append(oneLine(formatMessage(r)));
    Throwable t = r.getThrown();
    if (t != null) {
      b.append(": ").append(t.getClass().getName());
      if (t.getMessage() != null) {
        b.append(": ").append(oneLine(t.getMessage()));
      }
    }
    return b.append(System.lineSeparator()).toString();
  }

  static String oneLine(String s) {
    return s == null ? "" : s.replace("\r\n", " ").replace('\n', ' ').replace('\r', ' ');
  }
}
