package io.prescale.simulator.trace;

import java.io.BufferedReader;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;

/**
 * A plain comma-separated file with a header row (the Azure traces quote nothing). Every error
 * names the file, the line and the column.
 */
final class CsvFile implements AutoCloseable {
  private final Path path;
  private final BufferedReader reader;
  private final String[] header;
  private long line;

  CsvFile(Path path) {
    this.path = path;
    try {
      this.reader = Files.newBufferedReader(path, StandardCharsets.UTF_8);
      String first = reader.readLine();
      line = 1;
      if (first == null || first.isBlank()) {
        reader.close();
        throw new TraceFormatException(path, 1, null, "empty file, expected a header row");
      }
      if (first.charAt(0) == '\uFEFF') {
        first = first.substring(1);
      }
      header = split(first);
      for (int i = 0; i < header.length; i++) {
        header[i] = header[i].trim();
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot read " + path + ": " + e.getMessage(), e);
    }
  }

  Path path() {
    return path;
  }

  String[] header() {
    return header;
  }

  /** Line number of the row last returned by {@link #next()}. */
  long line() {
    return line;
  }

  /**
   * The next row's fields (as many as the header has), or null at the end; blank lines are skipped.
   */
  String[] next() {
    try {
      String s;
      do {
        s = reader.readLine();
        if (s == null) {
          return null;
        }
        line++;
      } while (s.isBlank());
      String[] fields = split(s);
      if (fields.length != header.length) {
        throw new TraceFormatException(
            path, line, null, "has " + fields.length + " fields, the header has " + header.length);
      }
      return fields;
    } catch (IOException e) {
      throw new UncheckedIOException(
          "cannot read " + path + " at line " + line + ": " + e.getMessage(), e);
    }
  }

  /** Index of the column called {@code name}; the error lists the header. */
  int column(String name) {
    int i = optionalColumn(name);
    if (i < 0) {
      throw new TraceFormatException(
          path,
          1,
          null,
          "missing column '" + name + "'; the header has: " + String.join(",", header));
    }
    return i;
  }

  int optionalColumn(String name) {
    for (int i = 0; i < header.length; i++) {
      if (header[i].equalsIgnoreCase(name)) {
        return i;
      }
    }
    return -1;
  }

  /** Names column {@code col} (1-based number and header name) for messages. */
  String columnName(int col) {
    return (col + 1) + " (" + header[col] + ")";
  }

  TraceFormatException error(int col, String message) {
    return new TraceFormatException(path, line, col < 0 ? null : columnName(col), message);
  }

  long parseLong(String[] row, int col) {
    String v = row[col].trim();
    try {
      return Long.parseLong(v);
    } catch (NumberFormatException e) {
      throw error(col, "'" + v + "' is not an integer");
    }
  }

  int parseCount(String[] row, int col) {
    long v = parseLong(row, col);
    if (v < 0 || v > Integer.MAX_VALUE) {
      throw error(col, "count = " + v + ", must be in [0; " + Integer.MAX_VALUE + "]");
    }
    return (int) v;
  }

  double parseDouble(String[] row, int col) {
    String v = row[col].trim();
    try {
      double d = Double.parseDouble(v);
      if (!Double.isFinite(d)) {
        throw error(col, "'" + v + "' is not a finite number");
      }
      return d;
    } catch (NumberFormatException e) {
      throw error(col, "'" + v + "' is not a number");
    }
  }

  @Override
  public void close() {
    try {
      reader.close();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  static String[] split(String s) {
    List<String> out = new ArrayList<>();
    int from = 0;
    while (true) {
      int comma = s.indexOf(',', from);
      if (comma < 0) {
        out.add(s.substring(from));
        return out.toArray(new String[0]);
      }
      out.add(s.substring(from, comma));
      from = comma + 1;
    }
  }
}
