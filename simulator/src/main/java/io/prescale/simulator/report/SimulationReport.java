package io.prescale.simulator.report;

import io.prescale.simulator.engine.RunResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Everything one {@code prescale simulate} produced. Deterministic: nothing in it depends on the
 * wall clock or the thread count, so the same inputs and seed give byte-identical JSON.
 *
 * @param trace the trace path as given
 * @param parameters run parameters in insertion order (values: strings, numbers, lists, maps)
 * @param results one per (policy, platform), in the order asked
 * @param sweep sweep points (empty without {@code --sweep})
 * @param distances each result's distance to {@code oracle} (empty when the oracle did not run)
 */
public record SimulationReport(
    String trace,
    Map<String, Object> parameters,
    List<RunResult> results,
    List<SweepPoint> sweep,
    List<OracleDistance> distances) {

  public SimulationReport {
    Objects.requireNonNull(trace, "trace");
    parameters = new LinkedHashMap<>(parameters);
    results = List.copyOf(results);
    sweep = List.copyOf(sweep);
    distances = List.copyOf(distances);
  }

  /** A report without distances to the oracle. */
  public SimulationReport(
      String trace,
      Map<String, Object> parameters,
      List<RunResult> results,
      List<SweepPoint> sweep) {
    this(trace, parameters, results, sweep, List.of());
  }

  /** The distance of {@code r} to the oracle, or null when there is none. */
  public OracleDistance distanceOf(RunResult r) {
    for (OracleDistance d : distances) {
      if (d.policy().equals(r.policy()) && d.platform().equals(r.platform())) {
        return d;
      }
    }
    return null;
  }
}
