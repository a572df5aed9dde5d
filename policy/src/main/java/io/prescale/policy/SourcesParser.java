package io.prescale.policy;

import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;

/**
 * The policy's {@code sources} section: a mapping from a source's name to its settings, each a
 * scalar or a list of scalars (read as one comma-separated value), checked by {@link SourceCheck}
 * with every problem at its key's position; except {@code prometheus}, a list of scrape sources
 * ({@link PrometheusSourcesParser}).
 */
final class SourcesParser {
  /** The entry listing Prometheus endpoints to scrape. */
  static final String PROMETHEUS = "prometheus";

  private final SourceCheck check;
  private final Problems problems;
  private final LayerParser layers;
  private List<SourceSpec> prometheus = List.of();

  SourcesParser(SourceCheck check, Problems problems, LayerParser layers) {
    this.check = check;
    this.problems = problems;
    this.layers = layers;
  }

  /** The {@code prometheus} entry's sources, after {@link #parse}; empty when none. */
  List<SourceSpec> prometheus() {
    return prometheus;
  }

  Map<String, Map<String, String>> parse(YamlNode node) {
    Map<String, Map<String, String>> out = new LinkedHashMap<>();
    if (node instanceof YamlNode.Scalar s && s.type() == YamlNode.Scalar.Type.NULL) {
      return out;
    }
    if (!(node instanceof YamlNode.Mapping m)) {
      problems.add(node, "sources", "= " + node.describe() + ", must be a mapping of source names");
      return out;
    }
    Set<String> known = check.names();
    if (known != null) {
      known = new TreeSet<>(known);
      known.add(PROMETHEUS);
    }
    for (YamlNode.Entry e : m.entries()) {
      String path = "sources." + e.key();
      if (e.key().equals(PROMETHEUS)) {
        prometheus = new PrometheusSourcesParser(problems, layers).parse(e.value());
        continue;
      }
      if (known != null && !known.contains(e.key())) {
        String hint = DidYouMean.suggest(e.key(), known);
        problems.add(
            e.keyPos(),
            path,
            "unknown source"
                + (hint != null
                    ? "; did you mean " + hint + "?"
                    : "; known sources: " + String.join(", ", known)));
        continue;
      }
      if (!(e.value() instanceof YamlNode.Mapping sm)) {
        problems.add(
            e.value(), path, "= " + e.value().describe() + ", must be a mapping of settings");
        continue;
      }
      Map<String, String> settings = new LinkedHashMap<>();
      Map<String, YamlNode.Entry> entries = new LinkedHashMap<>();
      boolean ok = true;
      for (YamlNode.Entry s : sm.entries()) {
        String v = value(s.value(), path + "." + s.key());
        if (v == null) {
          ok = false;
          continue;
        }
        settings.put(s.key(), v);
        entries.put(s.key(), s);
      }
      if (!ok) {
        continue;
      }
      for (SourceCheck.Problem p : check.problems(e.key(), Map.copyOf(settings))) {
        YamlNode.Entry at = p.key() == null ? null : entries.get(p.key());
        if (at == null) {
          problems.add(e.keyPos(), p.key() == null ? path : path + "." + p.key(), p.message());
        } else if (p.message().startsWith("unknown key")) {
          problems.add(at.keyPos(), path + "." + p.key(), p.message());
        } else {
          problems.add(at.value(), path + "." + p.key(), p.message());
        }
      }
      out.put(e.key(), Map.copyOf(settings));
    }
    return out;
  }

  private String value(YamlNode node, String path) {
    if (node instanceof YamlNode.Scalar s && s.type() != YamlNode.Scalar.Type.NULL) {
      return s.text();
    }
    if (node instanceof YamlNode.Sequence seq && !seq.items().isEmpty()) {
      List<String> parts = new ArrayList<>();
      for (YamlNode item : seq.items()) {
        if (!(item instanceof YamlNode.Scalar s) || s.type() == YamlNode.Scalar.Type.NULL) {
          problems.add(item, path, "= " + item.describe() + ", list items must be plain values");
          return null;
        }
        parts.add(s.text());
      }
      return String.join(",", parts);
    }
    problems.add(node, path, "= " + node.describe() + ", must be a value or a list of values");
    return null;
  }
}
