package io.prescale.simulator.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prescale.simulator.PolicyCatalog;
import io.prescale.simulator.SimulateRequest;
import io.prescale.simulator.SimulationRunner;
import io.prescale.simulator.Simulator;
import io.prescale.simulator.platform.PlatformKind;
import io.prescale.simulator.report.DistanceTable;
import io.prescale.simulator.report.ReportJson;
import io.prescale.simulator.report.SimulationReport;
import io.prescale.simulator.trace.Placement;
import io.prescale.simulator.trace.Trace;
import io.prescale.simulator.trace.TraceOptions;
import java.nio.file.Path;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The distance to the oracle in the report, on the hand-worked burst (20 x 1 s every 90 s, four
 * times).
 */
class OracleReportTest {
  @TempDir Path dir;

  private SimulationReport report(Trace t, List<String> policies, Duration price, boolean vsOracle)
      throws InterruptedException {
    SimulateRequest req =
        new SimulateRequest(
            dir.resolve("burst.csv"),
            policies,
            List.of(PlatformKind.ON_DEMAND, PlatformKind.AUTOSCALED),
            Duration.ofSeconds(1),
            0,
            1,
            1,
            Placement.UNIFORM,
            false,
            2,
            true,
            TraceOptions.DEFAULTS,
            price,
            vsOracle);
    return new Simulator(new PolicyCatalog(), SimulationRunner.defaultTelemetry())
        .run(t, req, null, null);
  }

  @Test
  void vsOracleRunsTheOracleAndGivesEveryResultItsDistance() throws Exception {
    Trace t = HandTraces.burst(dir);
    SimulationReport r = report(t, List.of("keepalive-10m", "oracle-keepalive"), null, true);
    JsonNode root = new ObjectMapper().readTree(ReportJson.write(r));
    assertEquals(
        "[\"keepalive-10m\",\"oracle-keepalive\",\"oracle\"]",
        root.at("/parameters/policies").toString());
    assertEquals(600.0, root.at("/parameters/coldStartPrice/on-demand").asDouble());
    assertEquals(90.0, root.at("/parameters/coldStartPrice/autoscaled").asDouble());
    // keepalive-10m (on-demand only), oracle-keepalive and oracle on both platforms
    assertEquals(5, root.get("results").size());
    for (JsonNode n : root.get("results")) {
      assertTrue(n.has("vsOracle"), n.toString());
    }
    // oracle: 80 starts of 1 s start-up + 1 s busy = 160 instance-s, no cold start
    JsonNode o = root.get("results").get(4);
    assertEquals("oracle", o.get("policy").asText());
    assertEquals(160.0, o.at("/vsOracle/costAtPrice").asDouble(), 1e-9);
    assertEquals(1.0, o.at("/vsOracle/costRatio").asDouble());
    // keepalive-10m: 20 cold starts; 20 x (1 + 4 busy + 88 + 89 + 89 idle) = 5420 instance-s
    // plus the idle to the run's last tick (under 2 s each): cost 12000 + ~5420 over 160
    JsonNode k = root.get("results").get(0);
    assertEquals(20, k.at("/vsOracle/extraColdStarts").asLong());
    double cost = k.at("/vsOracle/costAtPrice").asDouble();
    assertTrue(cost >= 17420 && cost < 17420 + 40, "keepalive-10m cost " + cost);
    assertEquals(cost / 160, k.at("/vsOracle/costRatio").asDouble(), 1e-6);
    // oracle-keepalive on autoscaled at 90 s: 20 cold starts x 90 + 5420 = 7220
    JsonNode ka = root.get("results").get(2);
    assertEquals("autoscaled", ka.get("platform").asText());
    assertEquals(7220.0, ka.at("/vsOracle/costAtPrice").asDouble(), 1e-6);
    String table = DistanceTable.text(r.distances());
    assertTrue(table.contains("x oracle") && table.contains("45.125"), table);
  }

  @Test
  void aGivenPriceIsUsedOnBothPlatforms() throws Exception {
    Trace t = HandTraces.burst(dir);
    SimulationReport r =
        report(t, List.of("oracle", "oracle-keepalive"), Duration.ofSeconds(60), false);
    // at 60 s the 89 s gaps are released: 80 cold starts, 80 busy instance-s: 80 + 80 x 60 = 4880
    for (var d : r.distances()) {
      assertEquals(60.0, d.priceSeconds());
      if (d.policy().equals("oracle-keepalive")) {
        assertEquals(4880.0, d.costAtPrice(), 1e-6);
        assertEquals(80, d.extraColdStarts());
      }
    }
    assertEquals(4, r.distances().size());
  }

  @Test
  void withoutAnOracleTheReportHasNoDistanceAndNoNewParameters() throws Exception {
    Trace t = HandTraces.burst(dir);
    String json = ReportJson.write(report(t, List.of("keepalive-10m"), null, false));
    assertFalse(json.contains("vsOracle"));
    assertFalse(json.contains("coldStartPrice"));
    assertFalse(json.contains("oracle"));
  }
}
