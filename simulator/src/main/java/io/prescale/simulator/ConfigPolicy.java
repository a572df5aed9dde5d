package io.prescale.simulator;

import io.prescale.core.decide.DeciderProvider;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.time.Durations;
import io.prescale.core.time.EpochNanos;
import io.prescale.policy.Explanation;
import io.prescale.policy.Policy;
import io.prescale.simulator.engine.SpecResolver;
import io.prescale.simulator.trace.Trace;
import io.prescale.simulator.trace.TraceFunction;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collections;
import java.util.IdentityHashMap;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.Set;
import java.util.TreeMap;

/**
 * A policy file run as one simulated policy, {@code --policy config}: every function of the trace
 * runs the spec the file resolves for its key and labels ({@link TraceFunction#labels()}), mode and
 * knobs, as {@code prescale run} would, including schedules (a function whose rule has schedules is
 * resolved again at every tick). Two things are the simulation's, not the file's: {@code
 * perInstanceConcurrency} is the run's {@code --concurrency} for every function (every run of a
 * report simulates the same platform), and every function is decided on one tick, the file's {@code
 * defaults} tick: a rule or schedule that sets another tick for a function of the trace is an
 * error. Bound to one trace; immutable and safe to share between parallel runs.
 */
public final class ConfigPolicy implements SpecResolver {
  /** The {@code --policy} name. */
  public static final String NAME = "config";

  /** How far past the trace end a run may go (the simulator's drain limit) plus margin. */
  private static final long SCAN_PAST_END = Duration.ofHours(1).plusMinutes(1).toNanos();

  private static final long MINUTE = 60_000_000_000L;

  private final Policy policy;
  private final Map<String, DeciderProvider> providers;
  private final int concurrency;
  private final Duration tick;
  private final SpecResolver.Resolved[] initial;
  private final boolean[] varies;
  private final Map<DeciderSpec, SpecResolver.Resolved> known;
  private final Map<String, Integer> byMode;
  private final Map<String, Integer> byRule;

  private ConfigPolicy(
      Policy policy, Map<String, DeciderProvider> providers, int concurrency, int functions) {
    this.policy = policy;
    this.providers = Map.copyOf(providers);
    this.concurrency = concurrency;
    this.tick = policy.defaults().tick();
    this.initial = new SpecResolver.Resolved[functions];
    this.varies = new boolean[functions];
    this.known = new IdentityHashMap<>();
    this.byMode = new TreeMap<>();
    this.byRule = new LinkedHashMap<>();
  }

  /**
   * Resolves {@code policy} for every function of {@code trace} and checks it can run: every mode
   * registered, every tick the defaults' tick (over the whole trace, schedules included).
   *
   * @param providers deciders by mode name
   * @param concurrency the run's requests per instance, set as every spec's perInstanceConcurrency
   * @throws IllegalArgumentException naming the rule, the function, the value and what is allowed
   */
  public static ConfigPolicy bind(
      Policy policy, Trace trace, Map<String, DeciderProvider> providers, int concurrency) {
    Objects.requireNonNull(policy, "policy");
    Objects.requireNonNull(trace, "trace");
    List<TraceFunction> fns = trace.functions();
    ConfigPolicy c = new ConfigPolicy(policy, providers, concurrency, fns.size());
    long tickNanos = c.tick.toNanos();
    long start = Math.floorDiv(trace.startNanos(), tickNanos) * tickNanos;
    Instant at = instant(start);
    // functions that match the same rule resolve alike at every instant: scan each rule once
    Map<String, TraceFunction> representative = new LinkedHashMap<>();
    Map<String, List<DeciderSpec>> specsOfRule = new LinkedHashMap<>();
    for (TraceFunction f : fns) {
      DeciderSpec raw = policy.resolve(f.key(), f.labels(), at);
      representative.putIfAbsent(raw.rule(), f);
    }
    for (Map.Entry<String, TraceFunction> e : representative.entrySet()) {
      TraceFunction f = e.getValue();
      Explanation why = policy.explain(f.key(), f.labels(), at);
      Set<DeciderSpec> seen = Collections.newSetFromMap(new IdentityHashMap<>());
      List<DeciderSpec> specs = new ArrayList<>();
      if (why.schedules().isEmpty()) {
        specs.add(policy.resolve(f.key(), f.labels(), at));
      } else {
        // schedules open and close at whole minutes of their zone: one look per minute finds every
        // spec
        long end = trace.endNanos() + SCAN_PAST_END;
        for (long t = start; t <= end; t = Math.floorDiv(t, MINUTE) * MINUTE + MINUTE) {
          DeciderSpec s = policy.resolve(f.key(), f.labels(), instant(t));
          if (seen.add(s)) {
            specs.add(s);
            c.check(s, f, instant(t), true);
          }
        }
      }
      for (DeciderSpec s : specs) {
        if (!c.known.containsKey(s)) {
          c.check(s, f, at, false);
          c.known.put(s, c.resolved(s, f));
        }
      }
      specsOfRule.put(e.getKey(), specs);
    }
    for (TraceFunction f : fns) {
      DeciderSpec raw = policy.resolve(f.key(), f.labels(), at);
      List<DeciderSpec> specs = specsOfRule.get(raw.rule());
      c.initial[f.index()] = c.known.get(raw);
      c.varies[f.index()] = specs.size() > 1;
      c.byRule.merge(raw.rule(), 1, Integer::sum);
      Set<String> modes = new LinkedHashSet<>();
      specs.forEach(s -> modes.add(s.mode()));
      modes.forEach(m -> c.byMode.merge(m, 1, Integer::sum));
    }
    return c;
  }

  private void check(DeciderSpec s, TraceFunction f, Instant at, boolean scheduled) {
    String where = "rule '" + s.rule() + "'" + (scheduled ? " (as at " + at + ")" : "");
    if (!s.tick().equals(tick)) {
      throw new IllegalArgumentException(
          policy.file()
              + ": "
              + where
              + " sets tick = "
              + Durations.format(s.tick())
              + " for function "
              + f.key()
              + ", must be "
              + Durations.format(tick)
              + " (the defaults' tick): the"
              + " simulator decides every function on one tick grid; set tick in defaults only");
    }
    if (!providers.containsKey(s.mode())) {
      throw new IllegalArgumentException(
          policy.file()
              + ": "
              + where
              + " sets mode = "
              + s.mode()
              + " for function "
              + f.key()
              + ", which is not registered; registered: "
              + String.join(", ", new TreeMap<>(providers).keySet()));
    }
  }

  private SpecResolver.Resolved resolved(DeciderSpec raw, TraceFunction f) {
    DeciderSpec spec =
        raw.perInstanceConcurrency() == concurrency
            ? raw
            : raw.toBuilder().perInstanceConcurrency(concurrency).build();
    return new SpecResolver.Resolved(spec, providers.get(raw.mode()));
  }

  @Override
  public Duration tick() {
    return tick;
  }

  @Override
  public SpecResolver.Resolved resolve(TraceFunction function, Instant at) {
    if (!varies[function.index()]) {
      return initial[function.index()];
    }
    DeciderSpec raw = policy.resolve(function.key(), function.labels(), at);
    SpecResolver.Resolved r = known.get(raw);
    if (r == null) { // a schedule edge the minute scan did not see (zone offsets with seconds)
      check(raw, function, at, true);
      r = resolved(raw, function);
    }
    return r;
  }

  @Override
  public boolean varies(TraceFunction function) {
    return varies[function.index()];
  }

  /** The file's defaults (with the run's concurrency): the run's tick and its summary spec. */
  public DeciderSpec defaults() {
    return policy.defaults().toBuilder().perInstanceConcurrency(concurrency).build();
  }

  /** The policy file as loaded. */
  public String file() {
    return policy.file();
  }

  /**
   * How many functions of the trace run each mode, by mode name; a function whose rule's schedules
   * switch modes counts once under each mode it runs.
   */
  public Map<String, Integer> functionsByMode() {
    return Collections.unmodifiableMap(byMode);
  }

  /**
   * How many functions of the trace each rule matches, in file order ({@code defaults} last: none
   * did).
   */
  public Map<String, Integer> functionsByRule() {
    Map<String, Integer> out = new LinkedHashMap<>();
    for (String r : policy.ruleNames()) {
      if (byRule.containsKey(r)) {
        out.put(r, byRule.get(r));
      }
    }
    byRule.forEach(out::putIfAbsent);
    return Collections.unmodifiableMap(out);
  }

  private static Instant instant(long nanos) {
    return EpochNanos.toInstant(nanos);
  }
}
