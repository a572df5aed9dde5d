package io.prescale.app.export;

import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;

/** Writes the public Azure Functions 2019 layout (see {@link TraceExport}). */
final class MinuteLayout {
  private MinuteLayout() {}

  static void write(Path dir, List<TraceExport.Row> rows, long fromMinute, int minutes)
      throws IOException {
    long firstDay = TraceExport.day(fromMinute);
    long lastDay = TraceExport.day(fromMinute + minutes - 1);
    for (long day = firstDay; day <= lastDay; day++) {
      String nn = String.format("%02d", day - firstDay + 1);
      long from = Math.max(fromMinute, day * 1440);
      long to = Math.min(fromMinute + minutes, (day + 1) * 1440);
      try (BufferedWriter out =
          Files.newBufferedWriter(
              dir.resolve("invocations_per_function_md.anon.d" + nn + ".csv"),
              StandardCharsets.UTF_8)) {
        out.write("HashOwner,HashApp,HashFunction,Trigger");
        for (long m = from; m < to; m++) {
          out.write(',');
          out.write(Long.toString(m - day * 1440 + 1));
        }
        out.write('\n');
        for (TraceExport.Row r : rows) {
          out.write(r.app() + "," + r.app() + "," + r.fn() + "," + r.trigger());
          for (long m = from; m < to; m++) {
            out.write(',');
            out.write(Long.toString(r.minuteArrivals()[(int) (m - fromMinute)]));
          }
          out.write('\n');
        }
      }
      writeDurations(dir.resolve("function_durations_percentiles.anon.d" + nn + ".csv"), rows);
    }
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
