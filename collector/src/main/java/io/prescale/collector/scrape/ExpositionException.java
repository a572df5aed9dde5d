package io.prescale.collector.scrape;

/** A malformed exposition body: the message names the line and column. */
public final class ExpositionException extends Exception {
  private static final long serialVersionUID = 1L;

  ExpositionException(int line, int column, String message) {
    super("line " + line + ":" + column + ": " + message, null, false, false);
  }
}
