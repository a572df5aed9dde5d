package io.prescale.simulator.trace;

import java.util.List;
import java.util.Objects;

/**
 * A trace whose stream for the tape's seed and placement is replayed from an {@link ArrivalTape};
 * any other seed or placement is generated as usual. Everything else is the wrapped trace's.
 */
public final class TapedTrace implements Trace {
  private final Trace trace;
  private final ArrivalTape tape;

  public TapedTrace(Trace trace, ArrivalTape tape) {
    this.trace = Objects.requireNonNull(trace, "trace");
    this.tape = Objects.requireNonNull(tape, "tape");
  }

  @Override
  public String source() {
    return trace.source();
  }

  @Override
  public String format() {
    return trace.format();
  }

  @Override
  public List<TraceFunction> functions() {
    return trace.functions();
  }

  @Override
  public long startNanos() {
    return trace.startNanos();
  }

  @Override
  public long endNanos() {
    return trace.endNanos();
  }

  @Override
  public long plannedInvocations() {
    return trace.plannedInvocations();
  }

  @Override
  public InvocationStream open(long seed, Placement placement) {
    return tape.recorded(seed, placement) ? tape.replay() : trace.open(seed, placement);
  }

  @Override
  public String placementNote(Placement placement) {
    return trace.placementNote(placement);
  }
}
