package io.prescale.policy;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.DeciderSpec;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Optional;

/**
 * A loaded, valid policy: defaults plus ordered rules, each already stacked into flat specs.
 * Immutable and thread-safe; {@link #resolve} does no allocation beyond matching and is meant to be
 * called per function per tick. Obtain one from {@link PolicyLoader}.
 */
public final class Policy implements PolicyProvider {
  private static final Policy BUILT_IN =
      new Policy("(built-in)", Compiler.builtIn(), List.of(), List.of(), List.of(), List.of());

  private final String file;
  private final ResolvedSpec defaults;
  private final List<Rule> rules;
  private final List<ResolvedSpec> ruleSpecs;
  private final List<List<ResolvedSpec>> scheduleSpecs;
  private final Map<String, Map<String, String>> sources;
  private final List<SourceSpec> prometheus;

  Policy(
      String file,
      ResolvedSpec defaults,
      List<Rule> rules,
      List<ResolvedSpec> ruleSpecs,
      List<List<ResolvedSpec>> scheduleSpecs,
      List<SourceSpec> prometheus) {
    this(file, defaults, rules, ruleSpecs, scheduleSpecs, Map.of(), prometheus);
  }

  private Policy(
      String file,
      ResolvedSpec defaults,
      List<Rule> rules,
      List<ResolvedSpec> ruleSpecs,
      List<List<ResolvedSpec>> scheduleSpecs,
      Map<String, Map<String, String>> sources,
      List<SourceSpec> prometheus) {
    this.file = file;
    this.sources = Map.copyOf(sources);
    this.prometheus = List.copyOf(prometheus);
    this.defaults = defaults;
    this.rules = List.copyOf(rules);
    this.ruleSpecs = List.copyOf(ruleSpecs);
    this.scheduleSpecs = List.copyOf(scheduleSpecs);
  }

  /** This policy with a {@code sources} section. */
  Policy withSources(Map<String, Map<String, String>> s) {
    return new Policy(file, defaults, rules, ruleSpecs, scheduleSpecs, s, prometheus);
  }

  /**
   * The {@code sources} section's pulled sources (such as {@code openwhisk}): each one's settings
   * (list values joined with commas), already checked; empty when the file has none. The {@code
   * prometheus} entry is {@link #prometheusSources}.
   */
  public Map<String, Map<String, String>> sources() {
    return sources;
  }

  /** Built-in defaults for every function. */
  public static Policy builtIn() {
    return BUILT_IN;
  }

  /** The file this policy was read from (or {@code (built-in)}). */
  public String file() {
    return file;
  }

  /** The {@code sources.prometheus} list: Prometheus endpoints to scrape (empty when none). */
  public List<SourceSpec> prometheusSources() {
    return prometheus;
  }

  /** Rule names in match order. */
  public List<String> ruleNames() {
    List<String> names = new ArrayList<>();
    for (Rule r : rules) {
      names.add(r.name());
    }
    return names;
  }

  /**
   * What is valid but probably a mistake, each with the rule's position: rules shadowed by an
   * earlier rule ({@link Shadowing}). Never a reason to refuse the policy.
   */
  public List<PolicyError> warnings() {
    return Shadowing.warnings(file, rules);
  }

  /** The spec of functions no rule matches. */
  public DeciderSpec defaults() {
    return defaults.spec();
  }

  /**
   * The spec of {@code function} at {@code at}: the first rule whose match fits (with the one of
   * its schedules open at {@code at}, if any), else the defaults.
   */
  public DeciderSpec resolve(FunctionKey function, Map<String, String> labels, Instant at) {
    Objects.requireNonNull(function, "function");
    Objects.requireNonNull(at, "at");
    Map<String, String> l = labels == null ? Map.of() : labels;
    for (int i = 0; i < rules.size(); i++) {
      Rule r = rules.get(i);
      if (r.match().matches(function.value(), l)) {
        List<Schedule> schedules = r.schedules();
        for (int s = 0; s < schedules.size(); s++) {
          if (schedules.get(s).activeAt(at)) {
            return scheduleSpecs.get(i).get(s).spec();
          }
        }
        return ruleSpecs.get(i).spec();
      }
    }
    return defaults.spec();
  }

  @Override
  public DeciderSpec specFor(FunctionKey function, Map<String, String> labels, Instant now) {
    return resolve(function, labels, now);
  }

  /** What {@link #resolve} decides for {@code function}, and why, setting by setting. */
  public Explanation explain(FunctionKey function, Map<String, String> labels, Instant at) {
    Map<String, String> l = labels == null ? Map.of() : labels;
    List<String> skipped = new ArrayList<>();
    List<String> schedules = new ArrayList<>();
    ResolvedSpec chosen = defaults;
    String ruleLine = null;
    for (int i = 0; i < rules.size() && ruleLine == null; i++) {
      Rule r = rules.get(i);
      Optional<String> why = r.match().whyNot(function.value(), l);
      if (why.isPresent()) {
        skipped.add(r.name() + " (policies[" + i + "]): " + why.get());
        continue;
      }
      ruleLine = r.name() + " (policies[" + i + "])";
      chosen = ruleSpecs.get(i);
      Schedule open = r.activeSchedule(at);
      for (Schedule s : r.schedules()) {
        String state = s == open ? "open" : "closed";
        schedules.add(
            "schedule "
                + (s.index() + 1)
                + " of rule "
                + r.name()
                + " ("
                + s.text()
                + "): "
                + state);
      }
      if (open != null) {
        chosen = scheduleSpecs.get(i).get(open.index());
      }
    }
    List<Explanation.Line> lines = new ArrayList<>();
    for (Setting s : Setting.values()) {
      lines.add(
          new Explanation.Line(
              s.path, Setting.format(s.of(chosen.spec())), chosen.sources().get(s)));
    }
    return new Explanation(
        function.value(),
        Map.copyOf(l),
        at,
        file,
        ruleLine,
        skipped,
        schedules,
        lines,
        chosen.spec());
  }
}
