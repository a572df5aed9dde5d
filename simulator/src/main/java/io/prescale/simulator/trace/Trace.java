package io.prescale.simulator.trace;

import java.util.List;

/** A replayable trace: its functions and a seeded, lazily generated invocation stream. */
public interface Trace {

  /** What was read, e.g. the directory path. */
  String source();

  /** Format name: azure2019, azure2019-public, azure2021, request-timestamps. */
  String format();

  /** Every function, by index. Memory grows with functions, never with invocations. */
  List<TraceFunction> functions();

  /** Start of the traced period, nanoseconds since the epoch. */
  long startNanos();

  /** End of the traced period (exclusive), nanoseconds since the epoch. */
  long endNanos();

  /** Invocations recorded in the trace, before placement. */
  long plannedInvocations();

  /** A fresh stream; the same seed and placement give the same invocations. */
  InvocationStream open(long seed, Placement placement);

  /** How invocations were placed in time and durations chosen, for reports. */
  String placementNote(Placement placement);
}
