package io.prescale.simulator.trace;

import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Finds and parses the Azure Functions 2019 files: sample layout or the public dataset's own names.
 */
final class Azure2019Files {
  static final String SAMPLE_INVOCATIONS = "invocations.csv";
  private static final Pattern PUBLIC_INVOCATIONS =
      Pattern.compile("invocations_per_function_md\\.anon\\.d(\\d+)\\.csv");
  private static final String PERCENTILE_PREFIX = "percentile_Average_";

  /**
   * A day whose header says how its minutes are numbered: 0..1439, or 1..1440 when 1440 appears.
   */
  static final int BASE_FROM_HEADER = -1;

  private Azure2019Files() {}

  /**
   * One day's files.
   *
   * @param minuteBase the header number of the day's first minute: 1 in the public dataset (columns
   *     1..1440); {@link #BASE_FROM_HEADER} in the sample layout, whose samples number from 0 (480
   *     = 08:00) and whose whole days number 1..1440
   * @param appMemory whether {@code memory} is per app (public) rather than per function (sample)
   */
  record Day(
      int day, Path invocations, Path durations, Path memory, boolean appMemory, int minuteBase) {}

  /** Sparse counts of one day: for each row, its function and its non-zero minutes. */
  record DayCounts(
      Day day, int firstMinute, int lastMinute, int[] functions, int[][] minutes, int[][] counts) {}

  /** The days under {@code dir}, in order; empty when the directory holds neither layout. */
  static List<Day> discover(Path dir) {
    if (Files.isRegularFile(dir.resolve(SAMPLE_INVOCATIONS))) {
      return List.of(
          new Day(
              1,
              dir.resolve(SAMPLE_INVOCATIONS),
              existing(dir.resolve("durations.csv")),
              existing(dir.resolve("memory.csv")),
              false,
              BASE_FROM_HEADER));
    }
    List<Day> days = new ArrayList<>();
    try (Stream<Path> files = Files.list(dir)) {
      for (Path p : (Iterable<Path>) files::iterator) {
        Matcher m = PUBLIC_INVOCATIONS.matcher(p.getFileName().toString());
        if (m.matches()) {
          String nn = m.group(1);
          days.add(
              new Day(
                  Integer.parseInt(nn),
                  p,
                  existing(dir.resolve("function_durations_percentiles.anon.d" + nn + ".csv")),
                  existing(dir.resolve("app_memory_percentiles.anon.d" + nn + ".csv")),
                  true,
                  1));
        }
      }
    } catch (IOException e) {
      throw new UncheckedIOException("cannot list " + dir + ": " + e.getMessage(), e);
    }
    days.sort(Comparator.comparingInt(Day::day));
    return days;
  }

  private static Path existing(Path p) {
    return Files.isRegularFile(p) ? p : null;
  }

  /**
   * {@code app/function}, or {@code function} alone when the app is empty ({@code prescale
   * export}).
   */
  static String key(String app, String function) {
    String a = app.trim();
    return a.isEmpty() ? function.trim() : a + "/" + function.trim();
  }

  /** Listener for each function row of an invocations file. */
  interface RowSink {
    /** Returns the function index for the row's key. */
    int function(String key, String app, String trigger, String owner, long total);
  }

  /** Parses one invocations file; minute numbers come from the header, in any order. */
  static DayCounts readInvocations(Day day, RowSink sink) {
    try (CsvFile csv = new CsvFile(day.invocations())) {
      int app = csv.column("HashApp");
      int fn = csv.column("HashFunction");
      int trig = csv.optionalColumn("Trigger");
      int owner = csv.optionalColumn("HashOwner");
      String[] header = csv.header();
      int n = 0;
      int[] cols = new int[header.length];
      int[] minuteOf = new int[header.length];
      for (int i = 0; i < header.length; i++) {
        if (i == app || i == fn || i == trig || i == owner) {
          continue;
        }
        try {
          minuteOf[n] = Integer.parseInt(header[i]);
        } catch (NumberFormatException e) {
          throw new TraceFormatException(
              day.invocations(),
              1,
              csv.columnName(i),
              "'" + header[i] + "' is neither a key column nor a minute number");
        }
        cols[n++] = i;
      }
      int base = day.minuteBase() == BASE_FROM_HEADER ? headerBase(minuteOf, n) : day.minuteBase();
      for (int j = 0; j < n; j++) {
        int m = minuteOf[j];
        if (m < base || m >= base + 1440) {
          throw new TraceFormatException(
              day.invocations(),
              1,
              csv.columnName(cols[j]),
              "minute = " + m + ", must be in [" + base + "; " + (base + 1439) + "]");
        }
        minuteOf[j] = m - base;
      }
      if (n == 0) {
        throw new TraceFormatException(
            day.invocations(), 1, null, "no minute columns in the header");
      }
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      final int[] mo = minuteOf;
      Arrays.sort(order, Comparator.comparingInt(i -> mo[i]));
      for (int i = 1; i < n; i++) {
        if (minuteOf[order[i]] == minuteOf[order[i - 1]]) {
          throw new TraceFormatException(
              day.invocations(),
              1,
              csv.columnName(cols[order[i]]),
              "minute " + header[cols[order[i]]] + " appears twice in the header");
        }
      }
      List<int[]> minutes = new ArrayList<>();
      List<int[]> counts = new ArrayList<>();
      int[] functions = new int[16];
      int rows = 0;
      int[] tmpM = new int[n];
      int[] tmpC = new int[n];
      String[] row;
      while ((row = csv.next()) != null) {
        int k = 0;
        long total = 0;
        for (int j = 0; j < n; j++) {
          int col = cols[order[j]];
          int c = csv.parseCount(row, col);
          if (c > 0) {
            tmpM[k] = minuteOf[order[j]];
            tmpC[k++] = c;
            total += c;
          }
        }
        String a = row[app].trim();
        int index =
            sink.function(
                key(a, row[fn]), a, trig < 0 ? "" : row[trig], owner < 0 ? "" : row[owner], total);
        if (rows == functions.length) {
          functions = Arrays.copyOf(functions, rows * 2);
        }
        functions[rows++] = index;
        minutes.add(Arrays.copyOf(tmpM, k));
        counts.add(Arrays.copyOf(tmpC, k));
      }
      return new DayCounts(
          day,
          minuteOf[order[0]],
          minuteOf[order[n - 1]],
          Arrays.copyOf(functions, rows),
          minutes.toArray(new int[0][]),
          counts.toArray(new int[0][]));
    }
  }

  /**
   * How a sample-layout header numbers its minutes: from 1 (1..1440, the public dataset's
   * numbering) when minute 1440 appears and minute 0 does not, else from 0.
   */
  private static int headerBase(int[] minutes, int n) {
    boolean zero = false;
    boolean last = false;
    for (int j = 0; j < n; j++) {
      zero |= minutes[j] == 0;
      last |= minutes[j] == 1440;
    }
    return last && !zero ? 1 : 0;
  }

  /** Duration percentile tables by function key; percentile levels come from the header. */
  static Map<String, DurationDistribution> readDurations(Path file) {
    Map<String, DurationDistribution> out = new HashMap<>();
    if (file == null) {
      return out;
    }
    try (CsvFile csv = new CsvFile(file)) {
      int app = csv.column("HashApp");
      int fn = csv.column("HashFunction");
      List<Integer> cols = new ArrayList<>();
      List<Double> probs = new ArrayList<>();
      String[] header = csv.header();
      for (int i = 0; i < header.length; i++) {
        if (header[i].startsWith(PERCENTILE_PREFIX)) {
          String level = header[i].substring(PERCENTILE_PREFIX.length());
          try {
            probs.add(Double.parseDouble(level) / 100.0);
          } catch (NumberFormatException e) {
            throw new TraceFormatException(
                file, 1, csv.columnName(i), "percentile level '" + level + "' is not a number");
          }
          cols.add(i);
        }
      }
      if (cols.size() < 2 || probs.get(0) != 0.0 || probs.get(probs.size() - 1) != 1.0) {
        throw new TraceFormatException(
            file,
            1,
            null,
            "need percentile columns from "
                + PERCENTILE_PREFIX
                + "0 to "
                + PERCENTILE_PREFIX
                + "100, found "
                + probs);
      }
      double[] p = probs.stream().mapToDouble(Double::doubleValue).toArray();
      String[] row;
      while ((row = csv.next()) != null) {
        double[] v = new double[p.length];
        for (int j = 0; j < v.length; j++) {
          v[j] = csv.parseDouble(row, cols.get(j));
          if (v[j] < 0) {
            throw csv.error(cols.get(j), "duration = " + v[j] + " ms, must be >= 0");
          }
        }
        try {
          out.put(key(row[app], row[fn]), DurationDistribution.ofPercentiles(p, v));
        } catch (IllegalArgumentException e) {
          throw csv.error(-1, e.getMessage());
        }
      }
    }
    return out;
  }

  /** {@code AverageAllocatedMb} by function key (sample layout) or by app (public layout). */
  static Map<String, Double> readMemory(Path file, boolean perApp) {
    Map<String, Double> out = new HashMap<>();
    if (file == null) {
      return out;
    }
    try (CsvFile csv = new CsvFile(file)) {
      int app = csv.column("HashApp");
      int fn = perApp ? -1 : csv.column("HashFunction");
      int mb = csv.column("AverageAllocatedMb");
      String[] row;
      while ((row = csv.next()) != null) {
        double v = csv.parseDouble(row, mb);
        if (v < 0) {
          throw csv.error(mb, "memory = " + v + " MB, must be >= 0");
        }
        out.put(perApp ? row[app].trim() : key(row[app], row[fn]), v);
      }
    }
    return out;
  }
}
