package io.prescale.simulator.trace;

import io.prescale.core.time.EpochNanos;
import java.nio.file.Path;
import java.time.LocalDateTime;
import java.time.OffsetDateTime;
import java.time.ZoneOffset;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeFormatterBuilder;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoField;
import java.time.temporal.TemporalAccessor;

/**
 * Per-request timestamp files such as the Azure LLM inference trace ({@code
 * TIMESTAMP,ContextTokens,GeneratedTokens}): one arrival per row. Timestamps are {@code yyyy-MM-dd
 * HH:mm:ss[.fraction][offset]} (UTC when no offset) or epoch seconds. Optional columns: {@code
 * function} (else one function named after the file) and {@code duration} in seconds (else the
 * given constant request duration).
 */
final class TimestampReader {
  private static final DateTimeFormatter FORMAT =
      new DateTimeFormatterBuilder()
          .appendPattern("yyyy-MM-dd")
          .optionalStart()
          .appendLiteral('T')
          .optionalEnd()
          .optionalStart()
          .appendLiteral(' ')
          .optionalEnd()
          .appendPattern("HH:mm:ss")
          .optionalStart()
          .appendFraction(ChronoField.NANO_OF_SECOND, 0, 9, true)
          .optionalEnd()
          .optionalStart()
          .appendOffsetId()
          .optionalEnd()
          .toFormatter();

  private TimestampReader() {}

  static boolean matches(String[] header) {
    for (String h : header) {
      if (h.equalsIgnoreCase("timestamp")) {
        return true;
      }
    }
    return false;
  }

  static Trace read(Path file, double memoryMb, long requestDurationNanos) {
    String name = file.getFileName().toString().replaceFirst("\\.csv$", "");
    try (CsvFile csv = new CsvFile(file)) {
      int ts = csv.column("TIMESTAMP");
      int fn = csv.optionalColumn("function");
      int dur = csv.optionalColumn("duration");
      String note =
          "per-request timestamps as recorded; durations "
              + (dur >= 0
                  ? "from the duration column"
                  : "a constant " + requestDurationNanos / 1e9 + " s (the trace has none)");
      ExplicitTrace.Builder b =
          ExplicitTrace.builder(file.toString(), "request-timestamps", note, memoryMb);
      String[] row;
      while ((row = csv.next()) != null) {
        long at = parseTimestamp(csv, row, ts);
        long d = requestDurationNanos;
        if (dur >= 0) {
          double s = csv.parseDouble(row, dur);
          if (s < 0) {
            throw csv.error(dur, "duration = " + s + " s, must be >= 0");
          }
          d = Math.round(s * 1e9);
        }
        String f = fn >= 0 ? row[fn].trim() : name;
        if (f.isEmpty()) {
          throw csv.error(fn, "empty function name");
        }
        b.add(f, fn >= 0 ? f : name, at, d);
      }
      return b.build();
    }
  }

  private static long parseTimestamp(CsvFile csv, String[] row, int col) {
    String v = row[col].trim();
    if (!v.isEmpty() && (Character.isDigit(v.charAt(0))) && v.indexOf('-') < 0) {
      double s = csv.parseDouble(row, col);
      return Math.round(s * 1e9);
    }
    try {
      TemporalAccessor t = FORMAT.parseBest(v, OffsetDateTime::from, LocalDateTime::from);
      OffsetDateTime odt =
          t instanceof OffsetDateTime o ? o : ((LocalDateTime) t).atOffset(ZoneOffset.UTC);
      return odt.toEpochSecond() * EpochNanos.PER_SECOND + odt.getNano();
    } catch (DateTimeParseException e) {
      throw csv.error(
          col, "'" + v + "' is not a timestamp (yyyy-MM-dd HH:mm:ss[.fraction] or epoch seconds)");
    }
  }
}
