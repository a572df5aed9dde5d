package io.prescale.app.shadow;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.SerializationFeature;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import java.io.IOException;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/** A {@link ShadowReport} as JSON (report.json, {@code GET /api/v1/report?format=json}). */
final class ReportJson {
  private static final ObjectMapper JSON =
      new ObjectMapper().enable(SerializationFeature.INDENT_OUTPUT);

  private ReportJson() {}

  static String write(ShadowReport r) {
    ObjectNode root = JSON.createObjectNode();
    root.put("headline", r.headline());
    root.set("parameters", JSON.valueToTree(r.parameters()));
    root.set("fleet", line(r.fleet()));
    ArrayNode fs = root.putArray("functions");
    r.functions().forEach(l -> fs.add(line(l)));
    ArrayNode worse = root.putArray("worse");
    r.worse().forEach(worse::add);
    root.put(
        "definitions",
        "observed: what the platform did, coldStarts as it reported them (faas.coldstart spans,"
            + " faas.coldstarts metrics), instanceSeconds the distinct instances seen serving"
            + " within --shadow-instance-window (the platform's idle retention) before each tick x"
            + " time, only for functions in shadow mode (an estimate from telemetry); policies: the window's recorded arrivals replayed"
            + " through the simulator (prescale = the predictive decider shadow mode runs);"
            + " worse: prescale's coldStarts x coldStartPrice + instanceSeconds above observed's");
    try {
      return JSON.writeValueAsString(root) + "\n";
    } catch (JsonProcessingException e) {
      throw new IllegalStateException(e);
    }
  }

  private static ObjectNode line(ShadowReport.Line l) {
    ObjectNode o = JSON.createObjectNode();
    o.put("function", l.function());
    if (!l.traceName().equals(l.function())) {
      o.put("traceName", l.traceName());
    }
    o.put("invocations", l.invocations());
    ObjectNode obs = o.putObject("observed");
    obs.put("coldStarts", l.observedColdStarts());
    if (l.observedInstanceSeconds() == null) {
      obs.putNull("instanceSeconds");
    } else {
      obs.put("instanceSeconds", l.observedInstanceSeconds());
    }
    ObjectNode ps = o.putObject("policies");
    l.policies()
        .forEach(
            (name, f) -> {
              ObjectNode p = ps.putObject(name);
              p.put("coldStarts", f.coldStarts());
              p.put("instanceSeconds", f.instanceSeconds());
            });
    return o;
  }

  /** Reads what {@link #write} wrote (a running instance's report); IOException when malformed. */
  static ShadowReport read(String json) throws IOException {
    com.fasterxml.jackson.databind.JsonNode root = JSON.readTree(json);
    if (root == null || !root.path("functions").isArray() || !root.path("fleet").isObject()) {
      throw new IOException("not a shadow report: no fleet or functions");
    }
    Map<String, Object> parameters =
        JSON.convertValue(
            root.path("parameters"),
            new com.fasterxml.jackson.core.type.TypeReference<LinkedHashMap<String, Object>>() {});
    List<ShadowReport.Line> lines = new ArrayList<>();
    for (com.fasterxml.jackson.databind.JsonNode f : root.path("functions")) {
      lines.add(line(f));
    }
    List<String> worse = new ArrayList<>();
    root.path("worse").forEach(w -> worse.add(w.asText()));
    return new ShadowReport(
        root.path("headline").asText(), parameters, line(root.path("fleet")), lines, worse);
  }

  private static ShadowReport.Line line(com.fasterxml.jackson.databind.JsonNode o) {
    Map<String, ShadowReport.Figures> ps = new LinkedHashMap<>();
    o.path("policies")
        .fields()
        .forEachRemaining(
            e ->
                ps.put(
                    e.getKey(),
                    new ShadowReport.Figures(
                        e.getValue().path("coldStarts").asLong(),
                        e.getValue().path("instanceSeconds").asDouble())));
    com.fasterxml.jackson.databind.JsonNode seen = o.path("observed").path("instanceSeconds");
    String fn = o.path("function").asText();
    return new ShadowReport.Line(
        fn,
        o.path("traceName").asText(fn),
        o.path("invocations").asLong(),
        o.path("observed").path("coldStarts").asLong(),
        seen.isNumber() ? seen.asDouble() : null,
        ps);
  }
}
