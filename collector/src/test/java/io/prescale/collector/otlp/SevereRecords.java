package io.prescale.collector.otlp;

import java.util.List;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;

/** Captures every JUL record at {@code minLevel} or above, from any logger, while open. */
final class SevereRecords extends Handler implements AutoCloseable {
  private final Level minLevel;
  private final List<LogRecord> records = new CopyOnWriteArrayList<>();

  SevereRecords(Level minLevel) {
    this.minLevel = minLevel;
    setLevel(Level.ALL);
    Logger.getLogger("").addHandler(this);
  }

  SevereRecords() {
    this(Level.SEVERE);
  }

  @Override
  public void publish(LogRecord r) {
    if (r.getLevel().intValue() >= minLevel.intValue()) {
      records.add(r);
    }
  }

  List<LogRecord> records() {
    return List.copyOf(records);
  }

  /** The records as one line each (logger, level, message, thrown), for assertion messages. */
  String describe() {
    StringBuilder b = new StringBuilder();
    for (LogRecord r : records) {
      b.append(r.getLoggerName())
          .append(' ')
          .append(r.getLevel())
          .append(' ')
          .append(r.getMessage())
          .append(r.getThrown() == null ? "" : " " + r.getThrown())
          .append('\n');
    }
    return b.toString();
  }

  @Override
  public void flush() {}

  @Override
  public void close() {
    Logger.getLogger("").removeHandler(this);
  }
}
