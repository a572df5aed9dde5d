package io.prescale.simulator.report;

import java.util.List;

/**
 * {@code report.txt}, also printed by {@code prescale simulate}: the results table, the distance to
 * the oracle when it ran, the sweep points with {@code --sweep}, how invocations were placed and
 * what was not applicable.
 */
public final class ReportText {
  private ReportText() {}

  public static String write(SimulationReport report) {
    StringBuilder s = new StringBuilder(ResultTable.text(report.results()));
    if (!report.distances().isEmpty()) {
      s.append("distance to oracle (cost at price: cold starts x price + instance-s):\n");
      s.append(DistanceTable.text(report.distances()));
    }
    if (!report.sweep().isEmpty()) {
      s.append("sweep (each policy's main knob):\n");
      s.append(SweepTable.text(report.sweep()));
    }
    Object note = report.parameters().get("placement note");
    if (note != null) {
      s.append("placement: ").append(note).append('\n');
    }
    if (report.parameters().get("notApplicable") instanceof List<?> na) {
      for (Object o : na) {
        s.append("not applicable: ").append(o).append('\n');
      }
    }
    return s.toString();
  }
}
