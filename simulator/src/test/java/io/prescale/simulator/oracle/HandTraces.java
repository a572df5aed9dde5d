package io.prescale.simulator.oracle;

import io.prescale.simulator.trace.Trace;
import io.prescale.simulator.trace.TraceOptions;
import io.prescale.simulator.trace.TraceReaders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/** The hand-worked traces of the oracle tests, one function each, in the Azure 2021 format. */
final class HandTraces {
  private HandTraces() {}

  /** A timer: one 1 s request every 10 min, six of them (0, 600, ..., 3000 s). */
  static Trace timer(Path dir) {
    List<double[]> rows = new ArrayList<>();
    for (int i = 0; i < 6; i++) {
      rows.add(new double[] {600.0 * i, 1});
    }
    return write(dir, "timer", rows);
  }

  /**
   * A burst: 20 requests of 1 s at the same instant every 90 s, four bursts (0, 90, 180, 270 s).
   */
  static Trace burst(Path dir) {
    List<double[]> rows = new ArrayList<>();
    for (int b = 0; b < 4; b++) {
      for (int i = 0; i < 20; i++) {
        rows.add(new double[] {90.0 * b, 1});
      }
    }
    return write(dir, "burst", rows);
  }

  /**
   * A sparse irregular function: (arrival s, duration s) = (0, 2), (30, 1), (35, 1), (400, 5),
   * (401, 1), (2000, 1). Executing: one request over [0,2), [30,31), [35,36), [400,401), [402,405),
   * [2000,2001) and two over [401,402).
   */
  static Trace sparse(Path dir) {
    return write(
        dir,
        "sparse",
        List.of(
            new double[] {0, 2},
            new double[] {30, 1},
            new double[] {35, 1},
            new double[] {400, 5},
            new double[] {401, 1},
            new double[] {2000, 1}));
  }

  /** Three 1 s requests at 0, 2 and 10 s: idle gaps of 1 s (at most C = 1 s) and 7 s. */
  static Trace shortGaps(Path dir) {
    return write(
        dir, "short", List.of(new double[] {0, 1}, new double[] {2, 1}, new double[] {10, 1}));
  }

  private static Trace write(Path dir, String name, List<double[]> rows) {
    StringBuilder sb = new StringBuilder("app,func,end_timestamp,duration\n");
    for (double[] r : rows) {
      sb.append(String.format(Locale.ROOT, "app,%s,%.6f,%.6f%n", name, r[0] + r[1], r[1]));
    }
    try {
      Path f = dir.resolve(name + ".csv");
      Files.writeString(f, sb.toString());
      return TraceReaders.open(f, TraceOptions.DEFAULTS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
