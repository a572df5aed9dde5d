package io.prescale.simulator.trace;

import io.prescale.core.FunctionKey;
import io.prescale.core.Trigger;
import io.prescale.core.time.EpochNanos;
import io.prescale.simulator.trace.Azure2019Files.Day;
import io.prescale.simulator.trace.Azure2019Files.DayCounts;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Azure Functions Trace 2019: the sample layout ({@code invocations.csv}, {@code durations.csv},
 * {@code memory.csv}; minute columns numbered from 0 = midnight) or the public dataset's own files
 * ({@code invocations_per_function_md.anon.dNN.csv}, {@code
 * function_durations_percentiles.anon.dNN.csv}, {@code app_memory_percentiles.anon.dNN.csv};
 * minutes 1..1440), several days in sequence.
 *
 * <p>Streaming: a single day is kept as sparse per-function minute counts; with several days only
 * the function registry is kept and each day is read again when the stream reaches it. Memory per
 * instance: the function's {@code AverageAllocatedMb} (sample), or the app's split evenly over the
 * app's functions of that day (public, as the sampler that made the samples does); the first day a
 * function appears in decides. Missing memory: the trace's median; missing durations: the day's
 * median p50 as a constant.
 */
final class Azure2019Trace implements Trace {
  /** Day 1 of the dataset; the trace gives minutes of the day only, so the date is nominal. */
  static final long DAY1_NANOS =
      Instant.parse("2019-07-15T00:00:00Z").getEpochSecond() * EpochNanos.PER_SECOND;

  private static final long DAY = 86_400_000_000_000L;
  private static final long MINUTE = 60_000_000_000L;

  private final Path source;
  private final List<Day> days;
  private final List<TraceFunction> functions;
  private final long start;
  private final long end;
  private final long planned;
  private final DayData cached;
  private final int missingMemory;

  Azure2019Trace(Path dir, List<Day> days) {
    this.source = dir;
    this.days = List.copyOf(days);
    Map<String, Integer> index = new HashMap<>();
    List<String> keys = new ArrayList<>();
    List<String> apps = new ArrayList<>();
    List<String> triggers = new ArrayList<>();
    List<String> owners = new ArrayList<>();
    List<Double> memory = new ArrayList<>();
    long[] totals = new long[16];
    long[] sum = new long[1];
    long first = Long.MAX_VALUE;
    long last = Long.MIN_VALUE;
    DayCounts only = null;
    for (Day day : days) {
      long[][] tot = {totals};
      Map<String, Integer> appFunctions = new HashMap<>();
      List<Integer> newcomers = new ArrayList<>();
      DayCounts dc =
          Azure2019Files.readInvocations(
              day,
              (key, app, trigger, owner, total) -> {
                Integer i = index.get(key);
                if (i == null) {
                  i = keys.size();
                  index.put(key, i);
                  keys.add(key);
                  apps.add(app);
                  triggers.add(trigger);
                  owners.add(owner);
                  memory.add(Double.NaN);
                  newcomers.add(i);
                  if (i >= tot[0].length) {
                    tot[0] = Arrays.copyOf(tot[0], tot[0].length * 2);
                  }
                }
                appFunctions.merge(app, 1, Integer::sum);
                tot[0][i] += total;
                sum[0] += total;
                return i;
              });
      totals = tot[0];
      Map<String, Double> mem = Azure2019Files.readMemory(day.memory(), day.appMemory());
      for (int i : newcomers) {
        Double mb = day.appMemory() ? mem.get(apps.get(i)) : mem.get(keys.get(i));
        if (mb != null) {
          memory.set(i, day.appMemory() ? mb / appFunctions.get(apps.get(i)) : mb);
        }
      }
      long dayStart = DAY1_NANOS + (day.day() - 1) * DAY;
      first = Math.min(first, dayStart + dc.firstMinute() * MINUTE);
      last = Math.max(last, dayStart + (dc.lastMinute() + 1) * MINUTE);
      if (days.size() == 1) {
        only = dc;
      }
    }
    double median = median(memory);
    int missing = 0;
    List<TraceFunction> fs = new ArrayList<>(keys.size());
    for (int i = 0; i < keys.size(); i++) {
      double mb = memory.get(i);
      if (Double.isNaN(mb)) {
        mb = median;
        missing++;
      }
      FunctionKey key = FunctionKey.of(keys.get(i));
      fs.add(
          new TraceFunction(
              i,
              key,
              apps.get(i),
              Trigger.parse(triggers.get(i)),
              mb,
              totals[i],
              TraceFunction.labelsOf(key, apps.get(i), triggers.get(i), owners.get(i))));
    }
    this.functions = Collections.unmodifiableList(fs);
    this.start = first;
    this.end = last;
    this.planned = sum[0];
    this.missingMemory = missing;
    this.cached =
        only == null
            ? null
            : new DayData(only, Azure2019Files.readDurations(only.day().durations()));
  }

  private static double median(List<Double> values) {
    double[] v =
        values.stream()
            .mapToDouble(Double::doubleValue)
            .filter(d -> !Double.isNaN(d))
            .sorted()
            .toArray();
    return v.length == 0 ? 0 : v[v.length / 2];
  }

  @Override
  public String source() {
    return source.toString();
  }

  @Override
  public String format() {
    return days.get(0).appMemory() ? "azure2019-public" : "azure2019";
  }

  @Override
  public List<TraceFunction> functions() {
    return functions;
  }

  @Override
  public long startNanos() {
    return start;
  }

  @Override
  public long endNanos() {
    return end;
  }

  @Override
  public long plannedInvocations() {
    return planned;
  }

  /** Functions whose memory was missing and set to the trace median. */
  int missingMemory() {
    return missingMemory;
  }

  @Override
  public String placementNote(Placement placement) {
    return "Azure 2019 per-minute counts: "
        + placement.description()
        + "; durations drawn per invocation from the function's percentile table"
        + " (percentile_Average_0..100) by piecewise-linear inverse CDF";
  }

  @Override
  public InvocationStream open(long seed, Placement placement) {
    return new InvocationStream() {
      private int dayPos = -1;
      private MergedStream current;

      @Override
      public boolean next() {
        while (current == null || !current.next()) {
          if (++dayPos >= days.size()) {
            return false;
          }
          current = streamOf(load(days.get(dayPos)), seed, placement);
        }
        return true;
      }

      @Override
      public int function() {
        return current.function();
      }

      @Override
      public long arrivalNanos() {
        return current.arrivalNanos();
      }

      @Override
      public long durationNanos() {
        return current.durationNanos();
      }
    };
  }

  private DayData load(Day day) {
    if (cached != null) {
      return cached;
    }
    Map<String, Integer> index = new HashMap<>();
    for (TraceFunction f : functions) {
      index.put(f.key().value(), f.index());
    }
    DayCounts dc =
        Azure2019Files.readInvocations(day, (key, app, trigger, owner, total) -> index.get(key));
    return new DayData(dc, Azure2019Files.readDurations(day.durations()));
  }

  private MergedStream streamOf(DayData data, long seed, Placement placement) {
    DayCounts dc = data.counts;
    long dayStart = DAY1_NANOS + (dc.day().day() - 1) * DAY;
    List<FunctionCursor> cursors = new ArrayList<>(dc.functions().length);
    for (int r = 0; r < dc.functions().length; r++) {
      if (dc.minutes()[r].length == 0) {
        continue;
      }
      TraceFunction f = functions.get(dc.functions()[r]);
      DurationDistribution d = data.durations.getOrDefault(f.key().value(), data.fallback);
      long s = FunctionCursor.functionSeed(seed + dc.day().day(), f.key().value());
      cursors.add(
          new MinuteCountCursor(
              f.index(), dayStart, dc.minutes()[r], dc.counts()[r], d, s, placement));
    }
    return new MergedStream(cursors);
  }

  /** One day's counts and duration tables. */
  private static final class DayData {
    final DayCounts counts;
    final Map<String, DurationDistribution> durations;
    final DurationDistribution fallback;

    DayData(DayCounts counts, Map<String, DurationDistribution> durations) {
      this.counts = counts;
      this.durations = durations;
      double[] p50 =
          durations.values().stream().mapToDouble(d -> d.quantileMillis(0.5)).sorted().toArray();
      this.fallback = DurationDistribution.constant(p50.length == 0 ? 1000 : p50[p50.length / 2]);
    }
  }
}
