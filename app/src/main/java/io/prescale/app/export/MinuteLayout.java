package io.prescale.app.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.io.Writer;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.function.BooleanSupplier;

/**
 * Writes the public Azure Functions 2019 layout (see {@link TraceExport}), one function at a time
 * into every day's file.
 */
final class MinuteLayout {
  private MinuteLayout() {}

  /** Writes every day's files; returns the arrivals written. */
  static long write(
      Path dir, List<TraceExport.Row> rows, long fromMinute, int minutes, BooleanSupplier cancelled)
      throws IOException {
    long firstDay = TraceExport.day(fromMinute);
    long lastDay = TraceExport.day(fromMinute + minutes - 1);
    List<Writer> days = new ArrayList<>();
    long written = 0;
    try {
      for (long day = firstDay; day <= lastDay; day++) {
        String nn = String.format("%02d", day - firstDay + 1);
        BufferedWriter out =
            Files.newBufferedWriter(
                dir.resolve("invocations_per_function_md.anon.d" + nn + ".csv"),
                StandardCharsets.UTF_8);
        days.add(out);
        out.write("HashOwner,HashApp,HashFunction,Trigger");
        for (long m = Math.max(fromMinute, day * 1440);
            m < Math.min(fromMinute + minutes, (day + 1) * 1440);
            m++) {
          out.write(',');
          out.write(Long.toString(m - day * 1440 + 1));
        }
        out.write('\n');
        writeDurations(dir.resolve("function_durations_percentiles.anon.d" + nn + ".csv"), rows);
      }
      for (TraceExport.Row r : rows) {
        if (cancelled.getAsBoolean()) {
          throw new IOException("export cancelled");
        }
        long[] arrivals = r.windows().minutes(fromMinute, minutes).arrivals();
        for (long day = firstDay; day <= lastDay; day++) {
          Writer out = days.get((int) (day - firstDay));
          out.write(r.app() + "," + r.app() + "," + r.fn() + "," + r.trigger());
          for (long m = Math.max(fromMinute, day * 1440);
              m < Math.min(fromMinute + minutes, (day + 1) * 1440);
              m++) {
            long n = arrivals[(int) (m - fromMinute)];
            written += n;
            out.write(',');
            out.write(Long.toString(n));
          }
          out.write('\n');
        }
      }
    } finally {
      IOException first = null;
      for (Writer w : days) {
        try {
          w.close();
        } catch (IOException e) {
          first = first == null ? e : first;
        }
      }
      if (first != null) {
        throw first;
      }
    }
    return written;
  }

  private static void writeDurations(Path file, List<TraceExport.Row> rows) throws IOException {
    try (BufferedWriter out = Files.newBufferedWriter(file, StandardCharsets.UTF_8)) {
      out.write("HashOwner,HashApp,HashFunction,Count");
      for (int level : DurationTable.LEVELS) {
        out.write(",percentile_Average_" + level);
      }
      out.write('\n');
      for (TraceExport.Row r : rows) {
        if (r.durationsMs() == null) {
          continue; // the reader gives it the day's median p50
        }
        out.write(r.app() + "," + r.app() + "," + r.fn() + "," + r.total());
        for (double ms : r.durationsMs()) {
          out.write(',');
          out.write(Double.toString(ms));
        }
        out.write('\n');
      }
    }
  }
}
