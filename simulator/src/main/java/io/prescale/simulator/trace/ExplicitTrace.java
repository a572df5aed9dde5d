package io.prescale.simulator.trace;

import io.prescale.core.FunctionKey;
import io.prescale.core.Trigger;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Collections;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A trace that lists every invocation (Azure 2021, per-request timestamp files): held as two
 * primitive arrays per function (16 bytes an invocation), sorted by arrival. Placement does not
 * apply: the trace gives the instants.
 */
final class ExplicitTrace implements Trace {
  private final String source;
  private final String format;
  private final String note;
  private final List<TraceFunction> functions;
  private final long[][] arrivals;
  private final long[][] durations;
  private final long start;
  private final long end;
  private final long planned;

  private ExplicitTrace(Builder b) {
    this.source = b.source;
    this.format = b.format;
    this.note = b.note;
    List<TraceFunction> fs = new ArrayList<>();
    arrivals = new long[b.byKey.size()][];
    durations = new long[b.byKey.size()][];
    long s = Long.MAX_VALUE;
    long e = Long.MIN_VALUE;
    long total = 0;
    int i = 0;
    for (Map.Entry<String, Rows> entry : b.byKey.entrySet()) {
      Rows r = entry.getValue();
      long[][] sorted = r.sorted();
      arrivals[i] = sorted[0];
      durations[i] = sorted[1];
      for (int k = 0; k < r.n; k++) {
        s = Math.min(s, sorted[0][k]);
        e = Math.max(e, sorted[0][k] + sorted[1][k]);
      }
      total += r.n;
      fs.add(
          new TraceFunction(
              i, FunctionKey.of(entry.getKey()), r.app, Trigger.OTHER, b.memoryMb, r.n));
      i++;
    }
    this.functions = Collections.unmodifiableList(fs);
    this.start = total == 0 ? 0 : s;
    this.end = total == 0 ? 0 : e + 1;
    this.planned = total;
  }

  static Builder builder(String source, String format, String note, double memoryMb) {
    return new Builder(source, format, note, memoryMb);
  }

  @Override
  public String source() {
    return source;
  }

  @Override
  public String format() {
    return format;
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

  @Override
  public InvocationStream open(long seed, Placement placement) {
    List<FunctionCursor> cursors = new ArrayList<>(functions.size());
    for (int i = 0; i < functions.size(); i++) {
      cursors.add(new ArrayCursor(i, arrivals[i], durations[i]));
    }
    return new MergedStream(cursors);
  }

  @Override
  public String placementNote(Placement placement) {
    return note;
  }

  /** Collects rows per function. */
  static final class Builder {
    private final String source;
    private final String format;
    private final String note;
    private final double memoryMb;
    private final Map<String, Rows> byKey = new LinkedHashMap<>();

    private Builder(String source, String format, String note, double memoryMb) {
      this.source = source;
      this.format = format;
      this.note = note;
      this.memoryMb = memoryMb;
    }

    void add(String key, String app, long arrivalNanos, long durationNanos) {
      byKey.computeIfAbsent(key, k -> new Rows(app)).add(arrivalNanos, durationNanos);
    }

    ExplicitTrace build() {
      return new ExplicitTrace(this);
    }
  }

  private static final class Rows {
    final String app;
    long[] a = new long[8];
    long[] d = new long[8];
    int n;

    Rows(String app) {
      this.app = app;
    }

    void add(long arrival, long duration) {
      if (n == a.length) {
        a = Arrays.copyOf(a, n * 2);
        d = Arrays.copyOf(d, n * 2);
      }
      a[n] = arrival;
      d[n++] = duration;
    }

    long[][] sorted() {
      Integer[] order = new Integer[n];
      for (int i = 0; i < n; i++) {
        order[i] = i;
      }
      Arrays.sort(order, (x, y) -> Long.compare(a[x], a[y]));
      long[] sa = new long[n];
      long[] sd = new long[n];
      for (int i = 0; i < n; i++) {
        sa[i] = a[order[i]];
        sd[i] = d[order[i]];
      }
      return new long[][] {sa, sd};
    }
  }
}
