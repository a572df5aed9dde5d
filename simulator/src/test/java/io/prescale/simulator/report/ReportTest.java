package io.prescale.simulator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prescale.simulator.PolicyCatalog;
import io.prescale.simulator.SimulateRequest;
import io.prescale.simulator.SimulationRunner;
import io.prescale.simulator.Simulator;
import io.prescale.simulator.TestTraces;
import io.prescale.simulator.platform.PlatformKind;
import io.prescale.simulator.trace.Placement;
import io.prescale.simulator.trace.Trace;
import io.prescale.simulator.trace.TraceOptions;
import io.prescale.simulator.trace.TraceReaders;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Whole-report properties on the real 100-function sample. */
class ReportTest {
  private static final List<String> FIELDS =
      List.of(
          "policy",
          "platform",
          "invocations",
          "coldStarts",
          "coldStartRatio",
          "coldStartRatioP75Function",
          "waitP50Ms",
          "waitP99Ms",
          "waitP999Ms",
          "instanceSeconds",
          "idleInstanceSeconds",
          "memoryGbSeconds",
          "scalingActions");

  private static SimulateRequest request(
      Path trace, List<String> policies, long seed, int threads, boolean skip) {
    return new SimulateRequest(
        trace,
        policies,
        List.of(PlatformKind.ON_DEMAND, PlatformKind.AUTOSCALED),
        Duration.ofSeconds(1),
        0,
        1,
        seed,
        Placement.UNIFORM,
        false,
        threads,
        skip,
        TraceOptions.DEFAULTS);
  }

  private static String json(Trace t, SimulateRequest req) throws InterruptedException {
    Simulator sim = new Simulator(new PolicyCatalog(), SimulationRunner.defaultTelemetry());
    return ReportJson.write(sim.run(t, req, null, null));
  }

  @Test
  void sameSeedGivesByteIdenticalJsonWhateverTheThreadsAndOtherSeedsDiffer() throws Exception {
    Path p = TestTraces.require("azure2019-sample100");
    Trace t = TraceReaders.open(p, TraceOptions.DEFAULTS);
    List<String> policies = List.of("kpa", "keepalive-10m", "hybrid-histogram");
    String a = json(t, request(p, policies, 42, 1, true));
    String b = json(t, request(p, policies, 42, 2, true));
    assertEquals(a, b);
    assertNotEquals(
        a, json(t, request(p, List.of("kpa", "keepalive-10m", "hybrid-histogram"), 43, 2, true)));
  }

  @Test
  void skippingQuiescentTicksChangesNothing() throws Exception {
    Path p = TestTraces.require("azure2019-sample100");
    Trace t = TraceReaders.open(p, TraceOptions.DEFAULTS);
    List<String> policies = List.of("kpa", "keepalive-10m");
    String skip = json(t, request(p, policies, 7, 2, true));
    String full = json(t, request(p, policies, 7, 2, false));
    assertEquals(full, skip);
  }

  /**
   * The predictive decider promises quiet spans while a function idles (its decisions would not
   * change); skipping them must change nothing, on both platforms.
   */
  @Test
  void skippingThePredictiveDecidersQuietSpansChangesNothing() throws Exception {
    Path p = TestTraces.require("azure2019-sample100");
    Trace t = TraceReaders.open(p, TraceOptions.DEFAULTS);
    List<String> policies = List.of("prescale");
    String skip = json(t, request(p, policies, 3, 2, true));
    String full = json(t, request(p, policies, 3, 2, false));
    assertEquals(full, skip);
  }

  @Test
  void jsonHasTheIssueShapeAndHtmlIsSelfContained() throws Exception {
    Path p = TestTraces.require("azure2019-sample100");
    Trace t = TraceReaders.open(p, TraceOptions.DEFAULTS);
    Simulator sim = new Simulator(new PolicyCatalog(), SimulationRunner.defaultTelemetry());
    SimulationReport report =
        sim.run(t, request(p, List.of("keepalive-10m", "hpa"), 1, 2, true), null, null);
    JsonNode root = new ObjectMapper().readTree(ReportJson.write(report));
    assertEquals(List.of("trace", "parameters", "results"), names(root));
    assertEquals(p.toString(), root.get("trace").asText());
    JsonNode results = root.get("results");
    assertEquals(3, results.size(), "hpa on both platforms, keepalive-10m on-demand only");
    for (JsonNode r : results) {
      assertEquals(FIELDS, names(r));
      assertEquals(339_657, r.get("invocations").asLong());
      assertTrue(r.get("instanceSeconds").asDouble() >= r.get("idleInstanceSeconds").asDouble());
    }
    assertTrue(root.get("parameters").get("placement note").asText().contains("uniform-random"));
    assertEquals(1, root.get("parameters").get("notApplicable").size());
    String html = ReportHtml.write(report, 480);
    assertTrue(html.contains("<svg class=\"chart\""), "charts are inline SVG");
    assertTrue(html.contains("Cold starts vs capacity, on-demand"));
    assertTrue(html.contains("How invocations were placed"));
    assertFalse(html.contains("src=\"http") || html.contains("<script"), "no external resources");
    assertFalse(html.contains("<img"), "no bitmaps");
    assertFalse(html.matches("(?s).*\\d\\.\\d{9,}.*"), "a number with floating-point noise");
    assertTrue(ResultTable.text(report.results()).lines().count() == 4);
  }

  private static List<String> names(JsonNode n) {
    ArrayList<String> out = new ArrayList<>();
    for (Iterator<String> it = n.fieldNames(); it.hasNext(); ) {
      out.add(it.next());
    }
    return out;
  }
}
