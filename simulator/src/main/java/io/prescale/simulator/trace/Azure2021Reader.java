package io.prescale.simulator.trace;

import io.prescale.core.time.EpochNanos;
import java.nio.file.Path;
import java.time.Instant;

/**
 * Azure Functions Invocation Trace 2021: {@code app,func,end_timestamp,duration} in seconds from
 * the start of the trace; start = end - duration. The trace has no dates: time 0 is placed at
 * 2021-01-31T00:00:00Z (nominal). It has no memory either: every function gets the given default.
 */
final class Azure2021Reader {
  static final long ORIGIN_NANOS =
      Instant.parse("2021-01-31T00:00:00Z").getEpochSecond() * EpochNanos.PER_SECOND;

  private Azure2021Reader() {}

  static boolean matches(String[] header) {
    return header.length >= 4
        && contains(header, "app")
        && contains(header, "func")
        && contains(header, "end_timestamp")
        && contains(header, "duration");
  }

  private static boolean contains(String[] header, String name) {
    for (String h : header) {
      if (h.equalsIgnoreCase(name)) {
        return true;
      }
    }
    return false;
  }

  static Trace read(Path file, double memoryMb) {
    ExplicitTrace.Builder b =
        ExplicitTrace.builder(
            file.toString(),
            "azure2021",
            "Azure 2021 per-invocation records: arrival = end_timestamp - duration, durations as recorded",
            memoryMb);
    try (CsvFile csv = new CsvFile(file)) {
      int app = csv.column("app");
      int fn = csv.column("func");
      int endCol = csv.column("end_timestamp");
      int durCol = csv.column("duration");
      String[] row;
      while ((row = csv.next()) != null) {
        double end = csv.parseDouble(row, endCol);
        double dur = csv.parseDouble(row, durCol);
        if (dur < 0) {
          throw csv.error(durCol, "duration = " + dur + " s, must be >= 0");
        }
        if (end < 0) {
          throw csv.error(endCol, "end_timestamp = " + end + " s, must be >= 0");
        }
        long endNanos = ORIGIN_NANOS + Math.round(end * 1e9);
        long durNanos = Math.round(dur * 1e9);
        String a = row[app].trim();
        String f = row[fn].trim();
        if (a.isEmpty() || f.isEmpty()) {
          throw csv.error(a.isEmpty() ? app : fn, "empty identifier");
        }
        b.add(Azure2019Files.key(a, f), a, endNanos - durNanos, durNanos);
      }
    }
    return b.build();
  }
}
