package io.prescale.policy;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prescale.core.decide.DeciderSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Why a function gets the spec it gets: the matching rule, why each earlier rule did not match,
 * which schedules are open, and each setting's value with the layer it came from ({@code built-in},
 * {@code defaults}, {@code rule NAME}, {@code schedule N of rule NAME}).
 *
 * @param rule {@code NAME (policies[i])}, or null when no rule matched and defaults apply
 * @param skipped one line per earlier rule: {@code NAME (policies[i]): reason}
 * @param schedules one line per schedule of the matching rule, open or closed
 */
public record Explanation(
    String function,
    Map<String, String> labels,
    Instant at,
    String file,
    String rule,
    List<String> skipped,
    List<String> schedules,
    List<Line> settings,
    DeciderSpec spec) {

  /** One resolved setting. */
  public record Line(String key, String value, String source) {}

  public Explanation {
    labels = Map.copyOf(labels);
    skipped = List.copyOf(skipped);
    schedules = List.copyOf(schedules);
    settings = List.copyOf(settings);
  }

  /** The text {@code prescale policy explain} prints. */
  public String render() {
    StringBuilder b = new StringBuilder();
    b.append("policy:    ").append(file).append('\n');
    b.append("function:  ").append(function).append('\n');
    b.append("labels:    ")
        .append(labels.isEmpty() ? "(none)" : new TreeMap<>(labels).toString())
        .append('\n');
    b.append("at:        ").append(at).append('\n');
    b.append("rule:      ")
        .append(rule == null ? "(none matched; defaults apply)" : rule)
        .append('\n');
    for (String s : skipped) {
      b.append("  skipped  ").append(s).append('\n');
    }
    for (String s : schedules) {
      b.append("  ").append(s).append('\n');
    }
    int keyWidth = 0;
    int valueWidth = 0;
    for (Line l : settings) {
      keyWidth = Math.max(keyWidth, l.key().length());
      valueWidth = Math.max(valueWidth, l.value().length());
    }
    b.append("settings:\n");
    for (Line l : settings) {
      b.append("  ")
          .append(pad(l.key(), keyWidth))
          .append("  ")
          .append(pad(l.value(), valueWidth))
          .append("  ")
          .append(l.source())
          .append('\n');
    }
    return b.toString();
  }

  /** The same as a JSON object (the body of {@code GET /api/v1/policy/explain}). */
  public String toJson() {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("policy", file);
    m.put("function", function);
    m.put("labels", new TreeMap<>(labels));
    m.put("at", at.toString());
    m.put("rule", rule);
    m.put("skipped", skipped);
    m.put("schedules", schedules);
    List<Map<String, String>> lines = new ArrayList<>();
    for (Line l : settings) {
      Map<String, String> lm = new LinkedHashMap<>();
      lm.put("key", l.key());
      lm.put("value", l.value());
      lm.put("source", l.source());
      lines.add(lm);
    }
    m.put("settings", lines);
    try {
      return new ObjectMapper().writeValueAsString(m);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write an explanation as JSON", e);
    }
  }

  private static String pad(String s, int width) {
    return s + " ".repeat(Math.max(0, width - s.length()));
  }
}
