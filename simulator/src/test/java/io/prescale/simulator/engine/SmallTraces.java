package io.prescale.simulator.engine;

import io.prescale.simulator.trace.Trace;
import io.prescale.simulator.trace.TraceOptions;
import io.prescale.simulator.trace.TraceReaders;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Locale;

/** Hand-made traces in the Azure 2021 format: rows of (function, arrival s, duration s). */
final class SmallTraces {
  private SmallTraces() {}

  static Trace of(Path dir, Object... rows) {
    StringBuilder sb = new StringBuilder("app,func,end_timestamp,duration\n");
    for (int i = 0; i < rows.length; i += 3) {
      double arrival = ((Number) rows[i + 1]).doubleValue();
      double duration = ((Number) rows[i + 2]).doubleValue();
      sb.append(
          String.format(Locale.ROOT, "app,%s,%.6f,%.6f%n", rows[i], arrival + duration, duration));
    }
    try {
      Path f = dir.resolve("trace.csv");
      Files.writeString(f, sb.toString());
      return TraceReaders.open(f, TraceOptions.DEFAULTS);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }
}
