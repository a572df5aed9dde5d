package io.prescale.policy;

import io.prescale.core.decide.DeciderSpec;
import java.util.EnumMap;
import java.util.List;
import java.util.Map;

/**
 * Stacks layers into {@link ResolvedSpec}s (built-in, defaults, each rule, each schedule of each
 * rule) and checks what only the stacked values can show: {@code minInstances <= maxInstances}.
 */
final class Compiler {
  static final String BUILT_IN = "built-in";

  private final Problems problems;

  Compiler(Problems problems) {
    this.problems = problems;
  }

  /** The resolved specs; null entries where a check failed (the problems say why). */
  ResolvedSpec stack(ResolvedSpec below, Layer layer, String rule) {
    EnumMap<Setting, Object> values = new EnumMap<>(Setting.class);
    values.putAll(Setting.valuesOf(below.spec()));
    EnumMap<Setting, String> sources = new EnumMap<>(Setting.class);
    sources.putAll(below.sources());
    for (Map.Entry<Setting, Object> e : layer.values().entrySet()) {
      values.put(e.getKey(), e.getValue());
      sources.put(e.getKey(), layer.source());
    }
    if (!minAtMostMax(layer, values, sources)) {
      return null;
    }
    try {
      return new ResolvedSpec(Setting.toSpec(values, rule), sources);
    } catch (IllegalArgumentException e) {
      problems.add(firstPosition(layer), layer.path(), e.getMessage());
      return null;
    }
  }

  static ResolvedSpec builtIn() {
    EnumMap<Setting, String> sources = new EnumMap<>(Setting.class);
    for (Setting s : Setting.values()) {
      sources.put(s, BUILT_IN);
    }
    return new ResolvedSpec(DeciderSpec.defaults(), sources);
  }

  private boolean minAtMostMax(
      Layer layer, Map<Setting, Object> values, Map<Setting, String> sources) {
    int min = (Integer) values.get(Setting.MIN_INSTANCES);
    int max = (Integer) values.get(Setting.MAX_INSTANCES);
    if (min <= max) {
      return true;
    }
    boolean setsMin = layer.values().containsKey(Setting.MIN_INSTANCES);
    boolean setsMax = layer.values().containsKey(Setting.MAX_INSTANCES);
    if (setsMin) {
      problems.add(
          layer.positions().get(Setting.MIN_INSTANCES),
          layer.pathOf(Setting.MIN_INSTANCES),
          "= "
              + min
              + ", must be <= maxInstances ("
              + max
              + from(layer, sources.get(Setting.MAX_INSTANCES))
              + ")");
    } else if (setsMax) {
      problems.add(
          layer.positions().get(Setting.MAX_INSTANCES),
          layer.pathOf(Setting.MAX_INSTANCES),
          "= "
              + max
              + ", must be >= minInstances ("
              + min
              + from(layer, sources.get(Setting.MIN_INSTANCES))
              + ")");
    }
    return false;
  }

  private static String from(Layer layer, String source) {
    return source.equals(layer.source()) ? "" : ", from " + source;
  }

  private static YamlNode.Pos firstPosition(Layer layer) {
    List<YamlNode.Pos> all = List.copyOf(layer.positions().values());
    return all.isEmpty() ? null : all.get(0);
  }
}
