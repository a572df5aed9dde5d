package io.prescale.policy;

import io.prescale.core.decide.AdapterBinding;
import io.prescale.core.time.Durations;
import io.prescale.policy.YamlNode.Mapping;
import io.prescale.policy.YamlNode.Scalar;
import java.time.Duration;
import java.util.ArrayList;
import java.util.EnumMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.TreeMap;

/** Reads the settings keys of one mapping (defaults, rule or schedule) into a {@link Layer}. */
final class LayerParser {
  private static final Set<String> RULE_ONLY = Set.of("name", "match", "schedules");
  private static final Set<String> SCHEDULE_ONLY = Set.of("days", "from", "to", "timezone");

  private final Catalog catalog;
  private final Problems problems;

  LayerParser(Catalog catalog, Problems problems) {
    this.catalog = catalog;
    this.problems = problems;
  }

  /**
   * The layer given by {@code m}. Keys in {@code extraKeys} are left to the caller; {@code adapter}
   * is refused where {@code allowAdapter} is false (schedules).
   */
  Layer parse(Mapping m, String path, String source, Set<String> extraKeys, boolean allowAdapter) {
    EnumMap<Setting, Object> values = new EnumMap<>(Setting.class);
    EnumMap<Setting, YamlNode.Pos> positions = new EnumMap<>(Setting.class);
    Set<String> allowed = new LinkedHashSet<>(extraKeys);
    for (Setting s : Setting.values()) {
      if (s != Setting.ADAPTER || allowAdapter) {
        allowed.add(s.group() == null ? s.path : s.group());
      }
    }
    for (YamlNode.Entry e : m.entries()) {
      String key = e.key();
      String keyPath = join(path, key);
      if (extraKeys.contains(key)) {
        continue;
      }
      if (key.equals("adapter")) {
        if (!allowAdapter) {
          problems.add(
              e.keyPos(), keyPath, "adapter cannot be set in a schedule; set it on the rule");
        } else {
          AdapterBinding a = adapter(e.value(), keyPath);
          if (a != null) {
            values.put(Setting.ADAPTER, a);
            positions.put(Setting.ADAPTER, e.value().pos());
          }
        }
        continue;
      }
      Setting flat = flat(key);
      if (flat != null) {
        put(flat, e.value(), keyPath, values, positions);
      } else if (isGroup(key)) {
        group(key, e.value(), keyPath, values, positions);
      } else if (RULE_ONLY.contains(key)) {
        problems.add(e.keyPos(), keyPath, "is only allowed in a rule (an entry of policies)");
      } else if (SCHEDULE_ONLY.contains(key)) {
        problems.add(
            e.keyPos(), keyPath, "is only allowed in a schedule (an entry of a rule's schedules)");
      } else {
        unknownKey(e, keyPath, allowed);
      }
    }
    return new Layer(source, path, values, positions);
  }

  void unknownKey(YamlNode.Entry e, String keyPath, Set<String> allowed) {
    String hint = DidYouMean.suggest(e.key(), allowed);
    problems.add(
        e.keyPos(),
        keyPath,
        "unknown key"
            + (hint != null
                ? "; did you mean " + hint + "?"
                : "; allowed keys: " + String.join(", ", allowed)));
  }

  private void group(
      String group,
      YamlNode node,
      String path,
      EnumMap<Setting, Object> values,
      EnumMap<Setting, YamlNode.Pos> positions) {
    List<String> keys = new ArrayList<>();
    for (Setting s : Setting.values()) {
      if (group.equals(s.group())) {
        keys.add(s.key());
      }
    }
    if (!(node instanceof Mapping m)) {
      problems.add(
          node,
          path,
          "= " + node.describe() + ", must be a mapping with keys: " + String.join(", ", keys));
      return;
    }
    for (YamlNode.Entry e : m.entries()) {
      Setting s = keys.contains(e.key()) ? find(group + "." + e.key()) : null;
      if (s == null) {
        unknownKey(e, join(path, e.key()), new LinkedHashSet<>(keys));
      } else {
        put(s, e.value(), join(path, e.key()), values, positions);
      }
    }
  }

  private void put(
      Setting s,
      YamlNode node,
      String path,
      EnumMap<Setting, Object> values,
      EnumMap<Setting, YamlNode.Pos> positions) {
    Object v = value(s, node, path);
    if (v != null) {
      values.put(s, v);
      positions.put(s, node.pos());
    }
  }

  /** The parsed value, or null after reporting why it is not valid. */
  private Object value(Setting s, YamlNode node, String path) {
    switch (s.kind) {
      case MODE:
        return oneOf(node, path, catalog.modes());
      case INT:
        return integer(node, path, s.range);
      case DOUBLE:
        return number(node, path, s.range, "a number");
      case BOOL:
        if (node instanceof Scalar sc && sc.type() == Scalar.Type.BOOLEAN) {
          return Boolean.valueOf(
              sc.text().equalsIgnoreCase("true")
                  || sc.text().equalsIgnoreCase("yes")
                  || sc.text().equalsIgnoreCase("on")
                  || sc.text().equalsIgnoreCase("y"));
        }
        problems.add(node, path, "= " + node.describe() + ", must be true or false");
        return null;
      case DURATION:
        return duration(node, path, s.range, "");
      case AUTO_DURATION:
        if (isAuto(node)) {
          return Setting.Auto.AUTO;
        }
        return duration(node, path, s.range, "auto or ");
      case AUTO_DOUBLE:
        if (isAuto(node)) {
          return Setting.Auto.AUTO;
        }
        return number(node, path, s.range, "auto or a number");
      case NAMES:
        return names(node, path);
      default:
        throw new IllegalStateException("unhandled " + s);
    }
  }

  private static boolean isAuto(YamlNode node) {
    return node instanceof Scalar sc && sc.type() == Scalar.Type.STRING && sc.text().equals("auto");
  }

  String oneOf(YamlNode node, String path, Set<String> allowed) {
    if (node instanceof Scalar sc
        && sc.type() == Scalar.Type.STRING
        && allowed.contains(sc.text())) {
      return sc.text();
    }
    String text = node instanceof Scalar sc ? sc.text() : "";
    String hint = DidYouMean.hint(text, allowed);
    if (node instanceof Scalar sc && sc.type() == Scalar.Type.BOOLEAN) {
      hint =
          "; YAML reads unquoted "
              + sc.text()
              + " as a boolean: write \""
              + sc.text()
              + "\" in quotes";
    }
    problems.add(
        node, path, "= " + node.describe() + ", must be one of: " + allowed(allowed) + hint);
    return null;
  }

  private Integer integer(YamlNode node, String path, Range range) {
    if (node instanceof Scalar sc && sc.type() == Scalar.Type.INT) {
      try {
        long v = Long.decode(sc.text().replace("_", ""));
        if (range.contains(v)) {
          return (int) v;
        }
      } catch (NumberFormatException e) {
        // too large for a long: out of range below
      }
      problems.add(node, path, "= " + node.describe() + ", must be in " + range);
      return null;
    }
    problems.add(node, path, "= " + node.describe() + ", must be an integer in " + range);
    return null;
  }

  private Double number(YamlNode node, String path, Range range, String what) {
    if (node instanceof Scalar sc
        && (sc.type() == Scalar.Type.INT || sc.type() == Scalar.Type.FLOAT)) {
      double v;
      try {
        v = Double.parseDouble(sc.text().replace("_", ""));
      } catch (NumberFormatException e) {
        v = Double.NaN;
      }
      if (!Double.isNaN(v) && range.contains(v)) {
        return v;
      }
      problems.add(node, path, "= " + node.describe() + ", must be in " + range);
      return null;
    }
    problems.add(node, path, "= " + node.describe() + ", must be " + what + " in " + range);
    return null;
  }

  private Duration duration(YamlNode node, String path, Range range, String alternatives) {
    if (node instanceof Scalar sc
        && (sc.type() == Scalar.Type.STRING || sc.type() == Scalar.Type.INT)) {
      Duration d = Durations.parseOrNull(sc.text());
      if (d != null) {
        if (range.contains(d)) {
          return d;
        }
        problems.add(node, path, "= " + node.describe() + ", must be in " + range);
        return null;
      }
    }
    problems.add(
        node,
        path,
        "= " + node.describe() + ", must be " + alternatives + Durations.SYNTAX + " in " + range);
    return null;
  }

  private List<String> names(YamlNode node, String path) {
    Set<String> known = catalog.models();
    if (!(node instanceof YamlNode.Sequence seq)) {
      problems.add(
          node,
          path,
          "= "
              + node.describe()
              + ", must be a list of model names, each one of: "
              + allowed(known));
      return null;
    }
    List<String> out = new ArrayList<>();
    boolean ok = true;
    for (int i = 0; i < seq.items().size(); i++) {
      YamlNode item = seq.items().get(i);
      String itemPath = path + "[" + i + "]";
      if (!(item instanceof Scalar sc)
          || sc.type() != Scalar.Type.STRING
          || !known.contains(sc.text())) {
        String text = item instanceof Scalar sc ? sc.text() : "";
        problems.add(
            item,
            itemPath,
            "= "
                + item.describe()
                + ", must be one of: "
                + allowed(known)
                + DidYouMean.hint(text, known));
        ok = false;
      } else if (out.contains(sc.text())) {
        problems.add(item, itemPath, "= " + item.describe() + ", is listed twice");
        ok = false;
      } else {
        out.add(sc.text());
      }
    }
    return ok ? List.copyOf(out) : null;
  }

  private static String allowed(Set<String> names) {
    return names.isEmpty() ? "(none registered)" : String.join(", ", names);
  }

  private AdapterBinding adapter(YamlNode node, String path) {
    if (!(node instanceof Mapping m)) {
      problems.add(
          node, path, "= " + node.describe() + ", must be a mapping with keys: name, target");
      return null;
    }
    String name = null;
    Map<String, String> target = new LinkedHashMap<>();
    YamlNode targetNode = null;
    boolean ok = true;
    for (YamlNode.Entry e : m.entries()) {
      String p = join(path, e.key());
      switch (e.key()) {
        case "name":
          name = oneOf(e.value(), p, catalog.adapters());
          ok &= name != null;
          break;
        case "target":
          targetNode = e.value();
          ok &= target(e.value(), p, target);
          break;
        default:
          unknownKey(e, p, new LinkedHashSet<>(List.of("name", "target")));
          ok = false;
      }
    }
    if (m.get("name") == null) {
      problems.add(
          m, path, "missing required key name (one of: " + allowed(catalog.adapters()) + ")");
      return null;
    }
    if (ok && name != null) {
      List<String> bad = checkTarget(name, target);
      for (String problem : bad) {
        problems.add(targetNode == null ? m : targetNode, join(path, "target"), problem);
      }
      ok = bad.isEmpty();
    }
    return ok && name != null ? new AdapterBinding(name, new TreeMap<>(target)) : null;
  }

  /**
   * The adapter's own problems with {@code target}; a check that throws is one problem naming why.
   */
  private List<String> checkTarget(String adapter, Map<String, String> target) {
    try {
      List<String> bad = catalog.targets().problems(adapter, Map.copyOf(target));
      return bad == null ? List.of() : bad;
    } catch (RuntimeException e) {
      return List.of("adapter " + adapter + " cannot check its target: " + e.getMessage());
    }
  }

  private boolean target(YamlNode node, String path, Map<String, String> out) {
    if (!(node instanceof Mapping m)) {
      problems.add(
          node,
          path,
          "= "
              + node.describe()
              + ", must be a mapping of names to values, e.g. {namespace: shop, deployment: checkout}");
      return false;
    }
    boolean ok = true;
    for (YamlNode.Entry e : m.entries()) {
      if (e.value() instanceof Scalar sc && sc.type() != Scalar.Type.NULL) {
        out.put(e.key(), sc.text());
      } else {
        problems.add(
            e.value(),
            join(path, e.key()),
            "= " + e.value().describe() + ", must be a single value");
        ok = false;
      }
    }
    return ok;
  }

  private static Setting flat(String key) {
    for (Setting s : Setting.values()) {
      if (s.group() == null && s.path.equals(key) && s != Setting.ADAPTER) {
        return s;
      }
    }
    return null;
  }

  private static boolean isGroup(String key) {
    for (Setting s : Setting.values()) {
      if (key.equals(s.group())) {
        return true;
      }
    }
    return false;
  }

  private static Setting find(String path) {
    for (Setting s : Setting.values()) {
      if (s.path.equals(path)) {
        return s;
      }
    }
    return null;
  }

  static String join(String path, String key) {
    return path.isEmpty() ? key : path + "." + key;
  }
}
