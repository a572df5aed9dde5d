package io.prescale.collector.snapshot;

import io.prescale.collector.window.WindowTotals;

/**
 * The values a function's snapshot record must hold to be restored, checked by the writer (a bad
 * function is left out of the file) and by the reader (a bad record is dropped alone) with this
 * same rule: totals, classic buckets and the duration count not negative, the duration sum and
 * every in-flight time finite and not negative (what ingest can produce). Framing (lengths and
 * counts that say how to read the rest) is checked by {@link SnapshotInput} and refuses the whole
 * file, since nothing after it can be trusted.
 */
final class SnapshotRules {
  private SnapshotRules() {}

  /** Null when {@code t} may be saved and restored, else what is wrong, naming the value. */
  static String problem(WindowTotals t) {
    String p = negative("invocations", t.invocations());
    p = p != null ? p : negative("cold starts", t.coldStarts());
    p = p != null ? p : negative("errors", t.errors());
    p = p != null ? p : negative("timeouts", t.timeouts());
    p = p != null ? p : negative("late records", t.lateDropped());
    p = p != null ? p : negative("duration count", t.durationCount());
    if (p == null && t.classic() != null) {
      for (int i = 0; i < t.classic().length && p == null; i++) {
        p = negative("classic bucket " + i, t.classic()[i]);
      }
    }
    if (p == null && !(Double.isFinite(t.durationSum()) && t.durationSum() >= 0)) {
      p = "duration sum = " + t.durationSum() + ", must be finite and >= 0";
    }
    return p;
  }

  /** Null when an in-flight time may be saved and restored. */
  static String inflightProblem(String what, double seconds) {
    return Double.isFinite(seconds) && seconds >= 0
        ? null
        : what + " in-flight time = " + seconds + ", must be finite and >= 0";
  }

  private static String negative(String what, long v) {
    return v < 0 ? what + " = " + v + ", must be >= 0" : null;
  }
}
