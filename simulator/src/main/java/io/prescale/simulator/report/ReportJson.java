package io.prescale.simulator.report;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prescale.simulator.engine.RunResult;

/**
 * {@code report.json}: {@code {"trace": ..., "parameters": {...}, "results": [...]}} with one
 * result per policy and platform (plus {@code "sweep": [...]} with {@code --sweep}). Ratios are
 * rounded to 6 decimals, seconds and milliseconds to 3, so the text is stable across platforms.
 * When {@code oracle} ran, each main result also has {@code "vsOracle"}: its {@link OracleDistance}
 * on its platform.
 */
public final class ReportJson {
  private static final ObjectMapper MAPPER =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportJson() {}

  public static String write(SimulationReport report) {
    ObjectNode root = MAPPER.createObjectNode();
    root.put("trace", report.trace());
    root.set("parameters", MAPPER.valueToTree(report.parameters()));
    ArrayNode results = root.putArray("results");
    for (RunResult r : report.results()) {
      ObjectNode n = result(r);
      OracleDistance d = report.distanceOf(r);
      if (d != null) {
        n.set("vsOracle", distance(d));
      }
      results.add(n);
    }
    if (!report.sweep().isEmpty()) {
      ArrayNode sweep = root.putArray("sweep");
      for (SweepPoint p : report.sweep()) {
        ObjectNode n = MAPPER.createObjectNode();
        n.put("curve", p.curve());
        n.put("knob", p.knob());
        n.put("value", p.value());
        n.put("valueText", SweepTable.knobValue(p));
        n.setAll(result(p.result()));
        sweep.add(n);
      }
    }
    try {
      return MAPPER.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write report.json: " + e.getMessage(), e);
    }
  }

  static ObjectNode result(RunResult r) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("policy", r.policy());
    n.put("platform", r.platform());
    n.put("invocations", r.invocations());
    n.put("coldStarts", r.coldStarts());
    n.put("coldStartRatio", round(r.coldStartRatio(), 1e6));
    n.put("coldStartRatioP75Function", round(r.coldStartRatioP75Function(), 1e6));
    n.put("waitP50Ms", round(r.waitP50Ms(), 1e3));
    n.put("waitP99Ms", round(r.waitP99Ms(), 1e3));
    n.put("waitP999Ms", round(r.waitP999Ms(), 1e3));
    n.put("instanceSeconds", round(r.instanceSeconds(), 1e3));
    n.put("idleInstanceSeconds", round(r.idleInstanceSeconds(), 1e3));
    n.put("memoryGbSeconds", round(r.memoryGbSeconds(), 1e3));
    n.put("scalingActions", r.scalingActions());
    if (r.unserved() > 0) {
      n.put("unserved", r.unserved());
    }
    return n;
  }

  static ObjectNode distance(OracleDistance d) {
    ObjectNode n = MAPPER.createObjectNode();
    n.put("extraColdStarts", d.extraColdStarts());
    n.put("extraInstanceSeconds", round(d.extraInstanceSeconds(), 1e3));
    n.put("extraMemoryGbSeconds", round(d.extraGbSeconds(), 1e3));
    n.put("coldStartPriceSeconds", round(d.priceSeconds(), 1e3));
    n.put("costAtPrice", round(d.costAtPrice(), 1e3));
    if (Double.isInfinite(d.costRatio())) {
      n.put("costRatio", "inf");
    } else {
      n.put("costRatio", round(d.costRatio(), 1e6));
    }
    return n;
  }

  static double round(double v, double scale) {
    return Math.round(v * scale) / scale;
  }
}
