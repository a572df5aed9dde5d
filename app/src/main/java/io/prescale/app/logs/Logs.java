package io.prescale.app.logs;

import java.io.OutputStream;
import java.io.UnsupportedEncodingException;
import java.util.logging.Formatter;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.logging.StreamHandler;

/**
 * Installs the log output of the process: the root logger of java.util.logging (where Prescale,
 * Vert.x and the SLF4J libraries write) gets one handler writing to stderr in {@code format}, in
 * place of the JDK's two-line default. Called once by {@code Main} (text) and again by a command
 * given {@code --log-format json}.
 */
public final class Logs {
  /**
   * Kafka's clients log every client's whole configuration and each rebalance step at INFO: only
   * their warnings reach Prescale's log (held here: the JDK keeps loggers weakly).
   */
  private static final Logger KAFKA = Logger.getLogger("org.apache.kafka");

  private Logs() {}

  public static void install(LogFormat format) {
    install(format, System.err);
  }

  /** As {@link #install(LogFormat)}, writing to {@code out} (tests). */
  public static void install(LogFormat format, OutputStream out) {
    Logger root = Logger.getLogger("");
    for (Handler h : root.getHandlers()) {
      root.removeHandler(h);
    }
    StreamHandler handler =
        new StreamHandler(out, formatter(format)) {
          @Override
          public synchronized void publish(LogRecord record) {
            super.publish(record);
            flush(); // one event, one line, at once: stderr is read live
          }
        };
    try {
      handler.setEncoding("UTF-8");
    } catch (UnsupportedEncodingException e) {
      throw new IllegalStateException(e);
    }
    handler.setLevel(Level.ALL);
    root.addHandler(handler);
    KAFKA.setLevel(Level.WARNING);
  }

  static Formatter formatter(LogFormat format) {
    return format == LogFormat.JSON ? new JsonLineFormatter() : new TextLineFormatter();
  }
}
