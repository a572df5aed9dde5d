package io.prescale.app.demo;

import io.prescale.simulator.trace.InvocationStream;
import io.prescale.simulator.trace.Placement;
import io.prescale.simulator.trace.Trace;
import io.prescale.simulator.trace.TraceFunction;
import io.prescale.simulator.trace.TraceOptions;
import io.prescale.simulator.trace.TraceReaders;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.HashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * Replays a trace the simulator can read (Azure 2019 sample or public files, Azure 2021, request
 * timestamps; see {@link TraceReaders}) in real time: the {@code top} functions with the most
 * invocations, from {@code offset} into the trace, minute counts placed as a Poisson process.
 * Functions are reported as {@code azure/<app8>-<func8>}.
 */
final class TraceWorkload implements Workload {
  private static final long MAX_DURATION = 300_000_000_000L;

  private final Trace trace;
  private final InvocationStream stream;
  private final List<DemoFunction> functions = new ArrayList<>();
  private final Map<Integer, Integer> byTraceIndex = new HashMap<>();
  private final long originNanos;
  private final long offsetNanos;
  private boolean pending;
  private boolean ended;

  TraceWorkload(Path path, int top, long offsetNanos, long coldStartMs, long seed) {
    if (top < 1 || top > 50) {
      throw new IllegalArgumentException("trace-functions = " + top + ", must be in [1; 50]");
    }
    this.trace = TraceReaders.open(path, TraceOptions.DEFAULTS);
    List<TraceFunction> busiest = new ArrayList<>(trace.functions());
    busiest.sort(
        Comparator.comparingLong(TraceFunction::plannedInvocations)
            .reversed()
            .thenComparingInt(TraceFunction::index));
    for (TraceFunction f : busiest.subList(0, Math.min(top, busiest.size()))) {
      byTraceIndex.put(f.index(), functions.size());
      String name = f.shortLabel().replace('/', '-');
      functions.add(
          new DemoFunction(
              "azure", name, f.trigger().name().toLowerCase(Locale.ROOT), 1000, coldStartMs));
    }
    this.offsetNanos = offsetNanos;
    this.originNanos = trace.startNanos() + offsetNanos;
    long lengthMinutes = (trace.endNanos() - trace.startNanos()) / 60_000_000_000L;
    if (originNanos >= trace.endNanos()) {
      throw new IllegalArgumentException(
          "trace-offset = "
              + offsetNanos / 60_000_000_000L
              + "m, must be less than"
              + " the trace's length, "
              + lengthMinutes
              + "m ("
              + path
              + ")");
    }
    this.stream = trace.open(seed, Placement.POISSON);
  }

  @Override
  public String describe() {
    return "trace "
        + trace.source()
        + " ("
        + trace.format()
        + "): the "
        + functions.size()
        + " busiest of "
        + trace.functions().size()
        + " functions, from "
        + offsetNanos / 60_000_000_000L
        + " min into the trace, "
        + trace.placementNote(Placement.POISSON);
  }

  @Override
  public List<DemoFunction> functions() {
    return functions;
  }

  @Override
  public void arrivals(long fromNanos, long toNanos, Arrivals out) {
    while (!ended) {
      if (!pending) {
        if (!stream.next()) {
          ended = true;
          return;
        }
        pending = true;
      }
      long offset = stream.arrivalNanos() - originNanos;
      if (offset >= toNanos) {
        return;
      }
      pending = false;
      Integer f = byTraceIndex.get(stream.function());
      if (f != null && offset >= fromNanos) {
        out.arrive(f, offset, Math.max(1_000_000L, Math.min(MAX_DURATION, stream.durationNanos())));
      }
    }
  }

  /** True once the trace has no more invocations. */
  boolean ended() {
    return ended;
  }

  @Override
  public void close() {
    stream.close();
  }
}
