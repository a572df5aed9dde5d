package io.prescale.app.demo;

import java.util.List;

/**
 * Where the demo's traffic comes from: a fixed set of functions and, chunk by chunk, their
 * arrivals. Offsets are nanoseconds since the start of the demo, so a workload knows nothing about
 * clocks. Called from the emulator's thread only.
 */
interface Workload {

  /** What the demo replays, one line, for the start banner. */
  String describe();

  /** The functions; an arrival's {@code function} indexes this list. */
  List<DemoFunction> functions();

  /**
   * Emits every arrival with an offset in [{@code fromNanos}; {@code toNanos}), in any order.
   * Consecutive calls cover consecutive intervals.
   */
  void arrivals(long fromNanos, long toNanos, Arrivals out);

  /** Receives arrivals. */
  @FunctionalInterface
  interface Arrivals {
    void arrive(int function, long offsetNanos, long durationNanos);
  }

  /** Releases files; the default holds none. */
  default void close() {}
}
