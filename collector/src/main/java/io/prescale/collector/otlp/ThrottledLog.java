package io.prescale.collector.otlp;

import io.prescale.core.time.TimeSource;
import java.util.Objects;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * One log line per period at most for a failure a client can repeat at will: the first one of a
 * period is logged (one line, no stack trace), the others are only counted and the next line says
 * how many were left out. {@link #total()} counts them all (for a metric). Thread-safe.
 */
final class ThrottledLog {
  private final Logger log;
  private final Level level;
  private final long periodNanos;
  private final TimeSource time;
  private long lastLoggedNanos;
  private boolean loggedOnce;
  private long suppressed;
  private long total;

  ThrottledLog(Logger log, Level level, long periodNanos, TimeSource time) {
    this.log = Objects.requireNonNull(log, "log");
    this.level = Objects.requireNonNull(level, "level");
    if (periodNanos <= 0) {
      throw new IllegalArgumentException("periodNanos = " + periodNanos + ", must be > 0");
    }
    this.periodNanos = periodNanos;
    this.time = Objects.requireNonNull(time, "time");
  }

  /** Counts one occurrence and logs {@code message} unless a line went out within the period. */
  void log(String message) {
    String line;
    synchronized (this) {
      total++;
      long now = time.nanoTime();
      if (loggedOnce && now - lastLoggedNanos < periodNanos) {
        suppressed++;
        return;
      }
      line =
          suppressed == 0
              ? message
              : message + " (" + suppressed + " more since the previous line, not logged)";
      loggedOnce = true;
      lastLoggedNanos = now;
      suppressed = 0;
    }
    log.log(level, line);
  }

  /** Occurrences since start, logged or not. */
  synchronized long total() {
    return total;
  }
}
