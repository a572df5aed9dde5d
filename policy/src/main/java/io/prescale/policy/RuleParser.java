package io.prescale.policy;

import io.prescale.policy.YamlNode.Mapping;
import io.prescale.policy.YamlNode.Scalar;
import io.prescale.policy.YamlNode.Sequence;
import java.time.DateTimeException;
import java.time.DayOfWeek;
import java.time.Instant;
import java.time.ZoneId;
import java.time.format.DateTimeFormatter;
import java.util.ArrayList;
import java.util.EnumSet;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.TreeSet;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/** Reads one entry of {@code policies}: name, match, settings, schedules. */
final class RuleParser {
  private static final Set<String> RULE_KEYS = Set.of("name", "match", "schedules");
  private static final Set<String> SCHEDULE_KEYS = Set.of("days", "from", "to", "timezone");
  private static final Pattern TIME = Pattern.compile("([0-9]{1,2}):([0-9]{2})");
  private static final String TIME_SYNTAX = "a time \"HH:MM\"";

  private final LayerParser layers;
  private final Problems problems;

  RuleParser(LayerParser layers, Problems problems) {
    this.layers = layers;
    this.problems = problems;
  }

  /** The rule, or null when it is too broken to name (its problems are reported). */
  Rule parse(YamlNode node, int index) {
    String path = "policies[" + index + "]";
    if (!(node instanceof Mapping m)) {
      problems.add(
          node,
          path,
          "= "
              + node.describe()
              + ", must be a mapping with keys name, match, "
              + "schedules and settings");
      return null;
    }
    String name = name(m, path);
    String label = name == null ? "#" + (index + 1) : name;
    Layer layer = layers.parse(m, path, "rule " + label, RULE_KEYS, true);
    Match match = Match.ANY;
    YamlNode.Entry me = m.get("match");
    if (me != null) {
      match = match(me.value(), path + ".match");
    }
    List<Schedule> schedules = List.of();
    YamlNode.Entry se = m.get("schedules");
    if (se != null) {
      schedules = schedules(se.value(), path + ".schedules", label);
    }
    return new Rule(index, label, match, layer, schedules, m.pos());
  }

  private String name(Mapping m, String path) {
    YamlNode.Entry e = m.get("name");
    if (e == null) {
      problems.add(m, path, "missing required key name");
      return null;
    }
    if (e.value() instanceof Scalar sc
        && sc.type() == Scalar.Type.STRING
        && !sc.text().isBlank()
        && sc.text().length() <= 100) {
      return sc.text();
    }
    problems.add(
        e.value(),
        path + ".name",
        "= " + e.value().describe() + ", must be a non-empty text of at most 100 characters");
    return null;
  }

  private Match match(YamlNode node, String path) {
    if (!(node instanceof Mapping m)) {
      problems.add(
          node, path, "= " + node.describe() + ", must be a mapping with keys: function, labels");
      return Match.ANY;
    }
    List<Glob> functions = new ArrayList<>();
    Map<String, Glob> labels = new LinkedHashMap<>();
    for (YamlNode.Entry e : m.entries()) {
      String p = path + "." + e.key();
      if (e.key().equals("function")) {
        if (e.value() instanceof Sequence seq) {
          for (int i = 0; i < seq.items().size(); i++) {
            Glob g = glob(seq.items().get(i), p + "[" + i + "]");
            if (g != null) {
              functions.add(g);
            }
          }
        } else {
          Glob g = glob(e.value(), p);
          if (g != null) {
            functions.add(g);
          }
        }
      } else if (e.key().equals("labels")) {
        if (e.value() instanceof Mapping lm) {
          for (YamlNode.Entry le : lm.entries()) {
            Glob g = glob(le.value(), p + "." + le.key());
            if (g != null) {
              labels.put(le.key(), g);
            }
          }
        } else {
          problems.add(
              e.value(),
              p,
              "= "
                  + e.value().describe()
                  + ", must be a mapping of label names to values, e.g. {k8s.namespace.name: shop}");
        }
      } else {
        layers.unknownKey(e, p, new LinkedHashSet<>(List.of("function", "labels")));
      }
    }
    return new Match(functions, labels);
  }

  private Glob glob(YamlNode node, String path) {
    if (node instanceof Scalar sc && sc.type() != Scalar.Type.NULL && !sc.text().isEmpty()) {
      return Glob.compile(sc.text());
    }
    problems.add(
        node,
        path,
        "= "
            + node.describe()
            + ", must be a non-empty pattern "
            + "(* matches any characters, ? one)");
    return null;
  }

  private List<Schedule> schedules(YamlNode node, String path, String rule) {
    if (!(node instanceof Sequence seq)) {
      problems.add(node, path, "= " + node.describe() + ", must be a list of schedules");
      return List.of();
    }
    List<Schedule> out = new ArrayList<>();
    for (int i = 0; i < seq.items().size(); i++) {
      Schedule s = schedule(seq.items().get(i), path + "[" + i + "]", i, rule);
      if (s != null) {
        for (Schedule earlier : out) {
          Instant at = earlier.firstOverlap(s, 2026);
          if (at != null) {
            problems.add(
                s.pos(),
                path + "[" + i + "]",
                "overlaps schedules["
                    + earlier.index()
                    + "] ("
                    + earlier.text()
                    + "): both are open at "
                    + at.atZone(s.zone())
                        .format(DateTimeFormatter.ofPattern("EEE yyyy-MM-dd HH:mm", Locale.ROOT))
                    + " "
                    + s.zone()
                    + "; schedules of one rule must not overlap");
          }
        }
        out.add(s);
      }
    }
    return out;
  }

  private Schedule schedule(YamlNode node, String path, int index, String rule) {
    if (!(node instanceof Mapping m)) {
      problems.add(
          node,
          path,
          "= "
              + node.describe()
              + ", must be a mapping with keys days, from, to, timezone and settings");
      return null;
    }
    int before = problems.size();
    Layer layer =
        layers.parse(m, path, "schedule " + (index + 1) + " of rule " + rule, SCHEDULE_KEYS, false);
    Set<DayOfWeek> days = EnumSet.allOf(DayOfWeek.class);
    String daysText = "daily";
    YamlNode.Entry de = m.get("days");
    if (de != null) {
      Set<DayOfWeek> d =
          de.value() instanceof Scalar sc && sc.type() == Scalar.Type.STRING
              ? Days.parse(sc.text())
              : null;
      if (d == null || d.isEmpty()) {
        problems.add(
            de.value(), path + ".days", "= " + de.value().describe() + ", must be " + Days.SYNTAX);
      } else {
        days = d;
        daysText = ((Scalar) de.value()).text();
      }
    }
    int from = time(m, "from", path, false);
    int to = time(m, "to", path, true);
    if (from >= 0 && to >= 0 && from == to) {
      problems.add(
          m.get("to").value(),
          path + ".to",
          "= \""
              + Schedule.hhmm(to)
              + "\", must differ from from (\""
              + Schedule.hhmm(from)
              + "\"); for whole days write from: \"00:00\", to: \"24:00\"");
    }
    ZoneId zone = ZoneId.of("UTC");
    YamlNode.Entry ze = m.get("timezone");
    if (ze != null) {
      zone = zone(ze.value(), path + ".timezone");
    }
    if (layer.values().isEmpty() && problems.size() == before) {
      problems.add(m, path, "sets no setting; add at least one, e.g. minInstances");
    }
    if (problems.size() > before || zone == null) {
      return null;
    }
    String text = daysText + " " + Schedule.hhmm(from) + "-" + Schedule.hhmm(to) + " " + zone;
    return new Schedule(index, days, from, to, zone, layer, text, m.pos());
  }

  /** Minutes of the day, or -1 after reporting a problem. */
  private int time(Mapping m, String key, String path, boolean isEnd) {
    YamlNode.Entry e = m.get(key);
    String range = isEnd ? "[\"00:00\"; \"24:00\"]" : "[\"00:00\"; \"23:59\"]";
    if (e == null) {
      problems.add(
          m, path, "missing required key " + key + " (" + TIME_SYNTAX + " in " + range + ")");
      return -1;
    }
    if (e.value() instanceof Scalar sc && sc.type() == Scalar.Type.STRING) {
      Matcher t = TIME.matcher(sc.text().trim());
      if (t.matches()) {
        int h = Integer.parseInt(t.group(1));
        int min = Integer.parseInt(t.group(2));
        int v = h * 60 + min;
        if (min < 60 && (v < 1440 || (isEnd && v == 1440))) {
          return v;
        }
      }
    }
    problems.add(
        e.value(),
        path + "." + key,
        "= " + e.value().describe() + ", must be " + TIME_SYNTAX + " in " + range);
    return -1;
  }

  private ZoneId zone(YamlNode node, String path) {
    if (node instanceof Scalar sc && sc.type() == Scalar.Type.STRING) {
      try {
        return ZoneId.of(sc.text());
      } catch (DateTimeException e) {
        // reported below
      }
    }
    String text = node instanceof Scalar sc ? sc.text() : "";
    problems.add(
        node,
        path,
        "= "
            + node.describe()
            + ", must be an IANA time zone such as Europe/Berlin, "
            + "America/New_York or UTC"
            + DidYouMean.hint(text, new TreeSet<>(ZoneId.getAvailableZoneIds())));
    return null;
  }
}
