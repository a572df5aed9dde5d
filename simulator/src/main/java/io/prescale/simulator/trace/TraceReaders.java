package io.prescale.simulator.trace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.stream.Stream;

/** Opens a trace by looking at what {@code path} holds. */
public final class TraceReaders {
  private TraceReaders() {}

  /**
   * A directory with Azure 2019 files (sample or public layout), a directory holding exactly one
   * CSV, or a CSV file: Azure 2021 ({@code app,func,end_timestamp,duration}) or per-request
   * timestamps ({@code TIMESTAMP,...}).
   *
   * @throws IllegalArgumentException when the path holds no known format (message says what was
   *     looked for)
   * @throws TraceFormatException on malformed content (message names file, line and column)
   */
  public static Trace open(Path path, TraceOptions options) {
    if (!Files.exists(path)) {
      throw new IllegalArgumentException("trace " + path + " does not exist");
    }
    if (Files.isDirectory(path)) {
      List<Azure2019Files.Day> days = Azure2019Files.discover(path);
      if (!days.isEmpty()) {
        return new Azure2019Trace(path, days);
      }
      List<Path> csvs;
      try (Stream<Path> s = Files.list(path)) {
        csvs = s.filter(p -> p.getFileName().toString().endsWith(".csv")).sorted().toList();
      } catch (IOException e) {
        throw new UncheckedIOException("cannot list " + path + ": " + e.getMessage(), e);
      }
      if (csvs.size() != 1) {
        throw new IllegalArgumentException(
            "trace directory "
                + path
                + " holds neither "
                + "invocations.csv nor invocations_per_function_md.anon.dNN.csv, and "
                + csvs.size()
                + " other CSV files (need exactly one)");
      }
      path = csvs.get(0);
    }
    String[] header;
    try (CsvFile csv = new CsvFile(path)) {
      header = csv.header();
    }
    if (Azure2021Reader.matches(header)) {
      return Azure2021Reader.read(path, options.defaultMemoryMb());
    }
    if (TimestampReader.matches(header)) {
      return TimestampReader.read(
          path, options.defaultMemoryMb(), options.requestDuration().toNanos());
    }
    if (path.getFileName().toString().equals(Azure2019Files.SAMPLE_INVOCATIONS)) {
      return new Azure2019Trace(path.getParent(), Azure2019Files.discover(path.getParent()));
    }
    throw new TraceFormatException(
        path,
        1,
        null,
        "unknown trace format: expected an Azure 2021 header "
            + "(app,func,end_timestamp,duration) or a TIMESTAMP column; got "
            + String.join(",", header));
  }
}
