package io.prescale.simulator.report;

import io.prescale.simulator.PolicyCatalog;
import io.prescale.simulator.SimulateRequest;
import io.prescale.simulator.SimulationRunner;
import io.prescale.simulator.Simulator;
import io.prescale.simulator.platform.PlatformKind;
import io.prescale.simulator.trace.Placement;
import io.prescale.simulator.trace.Trace;
import io.prescale.simulator.trace.TraceOptions;
import io.prescale.simulator.trace.TraceReaders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import java.util.Locale;

/**
 * A whole simulator report from a small generated trace (needs no shared data): 30 minutes of three
 * functions in the Azure 2021 layout, one named by 64-digit hashes as the Azure traces are, run
 * through prescale, kpa, keepalive-10m, hybrid-histogram and oracle on both platforms, with {@code
 * --sweep}. A few seconds.
 */
final class SmallReport {
  static final String HASHED =
      "7b2c43a2bc30f6bb438074df88b603d2cb982d3e7961de05270735055950a568"
          + "/e3cdb48830f66eb8689cc0223514569a69812b77e6611e3d59814fac0747bd2f";
  static final int MINUTES = 30;

  private SmallReport() {}

  static SimulationReport run(Path dir) throws Exception {
    Path csv = dir.resolve("small.csv");
    StringBuilder b = new StringBuilder("app,func,end_timestamp,duration\n");
    String[] hashed = HASHED.split("/");
    for (int s = 0; s < MINUTES * 60; s++) {
      if (s % 6 == 0) {
        row(b, hashed[0], hashed[1], s + 0.3, 0.3);
      }
      if (s % 420 < 5) {
        row(b, "shop", "checkout", s + 1.2, 1.2);
      }
      if (s % 47 == 0) {
        row(b, "shop", "resize-image", s + 2.5, 2.5);
      }
    }
    Files.writeString(csv, b.toString());
    Trace t = TraceReaders.open(csv, TraceOptions.DEFAULTS);
    SimulateRequest req =
        new SimulateRequest(
            csv,
            List.of("prescale", "kpa", "keepalive-10m", "hybrid-histogram", "oracle"),
            List.of(PlatformKind.ON_DEMAND, PlatformKind.AUTOSCALED),
            Duration.ofSeconds(1),
            0,
            1,
            1,
            Placement.UNIFORM,
            true,
            2,
            true,
            TraceOptions.DEFAULTS);
    return new Simulator(new PolicyCatalog(), SimulationRunner.defaultTelemetry())
        .run(t, req, null, null);
  }

  private static void row(StringBuilder b, String app, String func, double end, double d) {
    b.append(app)
        .append(',')
        .append(func)
        .append(',')
        .append(String.format(Locale.ROOT, "%.3f,%.3f", end, d))
        .append('\n');
  }
}
