package io.prescale.simulator.report;

import io.prescale.simulator.engine.RunResult;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** Hand-made results (no trace): enough to check tables and text without running anything. */
final class TableFixtures {
  private TableFixtures() {}

  static RunResult result(String policy, String platform, long cold, double instanceS, double p99) {
    return new RunResult(
        policy,
        platform,
        339_657,
        cold,
        cold / 339_657.0,
        0.375,
        0,
        p99,
        1000.447,
        instanceS,
        instanceS * 0.8,
        instanceS * 0.2,
        instanceS * 0.06,
        100,
        0,
        1000,
        28_800,
        List.of());
  }

  static SimulationReport report() {
    List<RunResult> results =
        List.of(
            result("prescale", "on-demand", 362, 2_638_648, 0),
            result("kpa", "on-demand", 19_149, 1_784_063, 1304.6),
            result("kpa", "autoscaled", 4905, 1_672_267, 1304.6),
            result("oracle", "on-demand", 0, 612_219, 0));
    List<SweepPoint> sweep =
        List.of(
            new SweepPoint(
                "keepalive", "keepAliveMinutes", 10, result("keepalive", "on-demand", 935, 2e6, 0)),
            new SweepPoint(
                "kpa",
                "targetUtilization",
                0.7,
                result("kpa", "autoscaled", 4905, 1_672_267, 1304.6)),
            new SweepPoint(
                "prescale",
                "coldStartBudget",
                0.005,
                result("prescale", "on-demand", 400, 2.5e6, 0)));
    Map<String, Object> params = new LinkedHashMap<>();
    params.put("coldStart", "1s");
    params.put("placement note", "uniform in the minute");
    params.put("notApplicable", List.of("keepalive-10m on autoscaled: on-demand only"));
    return new SimulationReport(
        "/traces/t",
        params,
        results,
        sweep,
        OracleDistance.of(results, Map.of("on-demand", 600.0)));
  }
}
