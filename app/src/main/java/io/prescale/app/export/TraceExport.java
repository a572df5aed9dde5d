package io.prescale.app.export;

import io.prescale.collector.window.BucketColumns;
import io.prescale.collector.window.FunctionStore;
import io.prescale.collector.window.FunctionWindows;
import io.prescale.core.FunctionKey;
import io.prescale.core.time.EpochNanos;
import java.io.BufferedWriter;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.function.BooleanSupplier;
import java.util.stream.Stream;

/**
 * Writes the arrivals the collector recorded, per function, as a trace {@code prescale simulate}
 * reads: the window is the {@code since} before the last complete minute, every function with an
 * arrival in it.
 *
 * <ul>
 *   <li>{@code minutes}: the public Azure Functions 2019 layout, one {@code
 *       invocations_per_function_md.anon.dNN.csv} per UTC day of the window ({@code d01} the first;
 *       minute columns {@code 1..1440} of that day, only the window's) and its {@code
 *       function_durations_percentiles.anon.dNN.csv} (the recorded duration quantiles, see {@link
 *       DurationTable}); {@code HashApp} is the key's part before its first {@code /} (empty for a
 *       key without one), {@code HashFunction} the rest, {@code Trigger} from the {@code
 *       faas.trigger} label. The trace's dates are nominal (the layout has none); minutes of the
 *       day are kept.
 *   <li>{@code seconds}: {@code arrivals.csv} with {@code TIMESTAMP,function,duration}: each
 *       second's arrivals spread evenly inside it, each with a duration from the function's table
 *       at stratified quantiles.
 * </ul>
 *
 * Either way the per-minute (and for {@code seconds} per-second) arrival counts are exactly the
 * collector's. Streamed: one function's buckets are held at a time; the output is bounded ({@link
 * #MAX_CELLS}, {@link #MAX_ARRIVALS}).
 */
public final class TraceExport {
  static final String TIMESTAMP_FILE = "arrivals.csv";

  /** Most function-minutes a minutes export writes (about 2 GB of CSV): a bound on the output. */
  public static final long MAX_CELLS = 500_000_000L;

  /** Most arrivals a seconds export writes (one line each, about 6 GB): a bound on the output. */
  public static final long MAX_ARRIVALS = 100_000_000L;

  private TraceExport() {}

  /**
   * Exports from {@code store} into {@code dir} (created; must hold no CSV file).
   *
   * @param only the functions to export, or null: every function
   * @param nowNanos the export's "now": the window ends at the start of its minute
   * @param cancelled polled between functions; true stops the export with an exception
   */
  public static ExportedTrace write(
      FunctionStore store,
      Collection<FunctionKey> only,
      Path dir,
      ExportRequest req,
      long nowNanos,
      BooleanSupplier cancelled)
      throws IOException {
    long toMinute = Math.floorDiv(EpochNanos.second(nowNanos), 60);
    long minutes = (req.since().getSeconds() + 59) / 60;
    long fromMinute = toMinute - minutes;
    String format = req.format();
    if (format.equals(ExportRequest.AUTO)) {
      format =
          minutes * 60 <= store.windowConfig().retainedSeconds() - 60
              ? ExportRequest.SECONDS
              : ExportRequest.MINUTES;
    }
    Files.createDirectories(dir);
    try (Stream<Path> s = Files.list(dir)) {
      if (s.anyMatch(p -> p.getFileName().toString().endsWith(".csv"))) {
        throw new IOException(dir + " already holds CSV files; export into an empty directory");
      }
    }
    TraceNames names = new TraceNames(req.anonymize(), req.salt());
    List<Row> rows = new ArrayList<>();
    List<FunctionKey> keys = new ArrayList<>(only == null ? store.keys() : only);
    keys.sort(null);
    for (FunctionKey key : keys) {
      if (cancelled.getAsBoolean()) {
        throw new IOException("export cancelled");
      }
      FunctionWindows w = store.get(key);
      if (w == null) {
        continue;
      }
      BucketColumns c = w.minutes(fromMinute, (int) minutes);
      long total = 0;
      for (long a : c.arrivals()) {
        total += a;
      }
      if (total == 0) {
        continue;
      }
      String k = key.value();
      int slash = k.indexOf('/');
      String app = slash < 0 ? "" : k.substring(0, slash);
      String fn = slash < 0 ? k : k.substring(slash + 1);
      rows.add(
          new Row(
              key,
              w,
              app.isEmpty() ? "" : names.of(app),
              names.of(fn),
              trigger(store.labels(key).get("faas.trigger")),
              total,
              DurationTable.of(w)));
    }
    Map<String, String> renamed = new LinkedHashMap<>();
    long invocations = 0;
    for (Row r : rows) {
      renamed.put(r.key.value(), r.app.isEmpty() ? r.fn : r.app + "/" + r.fn);
      invocations += r.total;
    }
    if (format.equals(ExportRequest.SECONDS) && invocations > MAX_ARRIVALS) {
      throw new IOException(
          "export of "
              + invocations
              + " arrivals, must be at most "
              + MAX_ARRIVALS
              + " in seconds format: use --format minutes or a shorter --since");
    }
    if (format.equals(ExportRequest.MINUTES) && rows.size() * minutes > MAX_CELLS) {
      throw new IOException(
          "export of "
              + rows.size()
              + " functions x "
              + minutes
              + " minutes, must be at most "
              + MAX_CELLS
              + " function-minutes: use a shorter --since");
    }
    invocations =
        format.equals(ExportRequest.SECONDS)
            ? writeSeconds(dir, rows, fromMinute * 60, (int) (minutes * 60), cancelled)
            : MinuteLayout.write(dir, rows, fromMinute, (int) minutes, cancelled);
    return new ExportedTrace(dir, format, fromMinute * 60, toMinute * 60, invocations, renamed);
  }

  /** One exported function. */
  record Row(
      FunctionKey key,
      FunctionWindows windows,
      String app,
      String fn,
      String trigger,
      long total,
      double[] durationsMs) {}

  /** The Azure 2019 trigger of an OpenTelemetry {@code faas.trigger}. */
  static String trigger(String faasTrigger) {
    if (faasTrigger == null) {
      return "http";
    }
    return switch (faasTrigger) {
      case "http" -> "http";
      case "timer" -> "timer";
      case "pubsub" -> "queue";
      case "datasource" -> "storage";
      default -> "others";
    };
  }

  /** Writes {@code arrivals.csv}; returns the arrivals written. */
  private static long writeSeconds(
      Path dir, List<Row> rows, long fromSecond, int seconds, BooleanSupplier cancelled)
      throws IOException {
    long written = 0;
    try (BufferedWriter out =
        Files.newBufferedWriter(dir.resolve(TIMESTAMP_FILE), StandardCharsets.UTF_8)) {
      out.write("TIMESTAMP,function,duration\n");
      for (Row r : rows) {
        if (cancelled.getAsBoolean()) {
          throw new IOException("export cancelled");
        }
        String name = r.app.isEmpty() ? r.fn : r.app + "/" + r.fn;
        BucketColumns c = r.windows.seconds(fromSecond, seconds);
        for (int i = 0; i < c.size(); i++) {
          long n = c.arrivals()[i];
          written += n;
          long base = (fromSecond + i) * EpochNanos.PER_SECOND;
          for (long k = 0; k < n; k++) {
            double q = (k + 0.5) / n;
            long at = base + (long) (q * EpochNanos.PER_SECOND);
            double ms = r.durationsMs == null ? 0 : DurationTable.at(r.durationsMs, q);
            out.write(EpochNanos.toInstant(at).toString());
            out.write(',');
            out.write(name);
            out.write(',');
            out.write(Double.toString(ms / 1000));
            out.write('\n');
          }
        }
      }
    }
    return written;
  }

  /** The UTC day of an epoch minute. */
  static long day(long epochMinute) {
    return Math.floorDiv(epochMinute, 1440);
  }

  static Instant instant(long epochSecond) {
    return Instant.ofEpochSecond(epochSecond);
  }
}
