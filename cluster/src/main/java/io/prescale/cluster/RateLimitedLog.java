package io.prescale.cluster;

import io.prescale.core.time.TimeSource;
import java.util.logging.Level;
import java.util.logging.Logger;
import org.apache.kafka.clients.consumer.ConsumerRecord;

/** One line per period at most, with the number of lines held back since the last one. */
final class RateLimitedLog {
  private final Logger log;
  private final TimeSource time;
  private final long periodNanos;
  private long lastNanos;
  private boolean logged;
  private long held;

  RateLimitedLog(Logger log, TimeSource time, long periodNanos) {
    this.log = log;
    this.time = time;
    this.periodNanos = periodNanos;
  }

  /** {@code topic/partition@offset} of a record, for log lines. */
  static String where(ConsumerRecord<?, ?> r) {
    return r.topic() + "/" + r.partition() + "@" + r.offset();
  }

  synchronized void warn(String message) {
    long now = time.nanoTime();
    if (logged && now - lastNanos < periodNanos) {
      held++;
      return;
    }
    log.log(
        Level.WARNING,
        held == 0 ? message : message + " (" + held + " more like it since the last line)");
    logged = true;
    lastNanos = now;
    held = 0;
  }
}
