package io.prescale.simulator.trace;

import java.nio.file.Path;

/** Malformed trace input; the message names the file, the line and the column. */
public final class TraceFormatException extends RuntimeException {
  private static final long serialVersionUID = 1L;

  private final Path file;
  private final long line;
  private final String column;

  public TraceFormatException(Path file, long line, String column, String message) {
    super(file + ":" + line + (column == null ? "" : " column " + column) + ": " + message);
    this.file = file;
    this.line = line;
    this.column = column;
  }

  public Path file() {
    return file;
  }

  /** One-based line number; 0 when the problem concerns the whole file. */
  public long line() {
    return line;
  }

  /** Column (number and header name), or null. */
  public String column() {
    return column;
  }
}
