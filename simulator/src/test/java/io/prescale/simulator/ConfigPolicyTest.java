package io.prescale.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.core.decide.DeciderProvider;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.spi.Providers;
import io.prescale.policy.Policy;
import io.prescale.policy.PolicyLoader;
import io.prescale.simulator.engine.FunctionOutcome;
import io.prescale.simulator.engine.RunResult;
import io.prescale.simulator.engine.Simulation;
import io.prescale.simulator.engine.SimulationConfig;
import io.prescale.simulator.engine.SimulationHooks;
import io.prescale.simulator.engine.SpecResolver;
import io.prescale.simulator.platform.PlatformKind;
import io.prescale.simulator.report.ReportJson;
import io.prescale.simulator.trace.Placement;
import io.prescale.simulator.trace.Trace;
import io.prescale.simulator.trace.TraceFunction;
import io.prescale.simulator.trace.TraceOptions;
import io.prescale.simulator.trace.TraceReaders;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code --policy config}: a policy file's per-function rules on a small synthetic Azure 2019
 * trace.
 */
class ConfigPolicyTest {
  private static final Map<String, DeciderProvider> PROVIDERS =
      Providers.all(DeciderProvider.class);
  private static final String TIMERS_TO_KEEPALIVE =
      """
      defaults:
        mode: predictive
      policies:
        - name: timers
          match: { labels: { trigger: timer } }
          mode: keepalive
          keepAlive: 5m
      """;
  private static final String THREE_MODES =
      TIMERS_TO_KEEPALIVE
          + """
        - name: queues
          match: { function: "a3/*", labels: { faas.trigger: pubsub } }
          mode: kpa
      """;

  @TempDir Path dir;

  /**
   * One hour (00:00-01:00 of the nominal day 1) of six functions (three timers, two http, one
   * queue) quiet after minute 45, and one more http function with a request at 00:00 and at 00:59.
   */
  private Trace trace() throws Exception {
    Path d = Files.createDirectories(dir.resolve("trace"));
    StringBuilder inv = new StringBuilder("HashOwner,HashApp,HashFunction,Trigger");
    for (int m = 0; m < 60; m++) {
      inv.append(',').append(m);
    }
    inv.append('\n');
    String[][] fns = {
      {"o1", "a1", "t1", "timer"},
      {"o1", "a1", "t2", "timer"},
      {"o2", "a2", "t3", "timer"},
      {"o2", "a2", "h1", "http"},
      {"o3", "a3", "h2", "http"},
      {"o3", "a3", "q1", "queue"}
    };
    for (int i = 0; i < fns.length; i++) {
      inv.append(String.join(",", fns[i]));
      for (int m = 0; m < 60; m++) {
        int c =
            switch (i) {
              case 0 -> m % 5 == 0 ? 1 : 0;
              case 1 -> m % 10 == 3 ? 2 : 0;
              case 2 -> m == 1 || m == 30 ? 1 : 0;
              case 3 -> (m * 7) % 11 < 4 ? (m * 3) % 5 : 0;
              case 4 -> m >= 20 && m < 26 ? 30 : (m == 50 ? 3 : 0);
              default -> m % 7 == 2 ? 4 : 0;
            };
        inv.append(',')
            .append(m >= 45 ? 0 : c); // a quiet tail: every function settles before the end
      }
      inv.append('\n');
    }
    inv.append("o9,a9,z9,http");
    for (int m = 0; m < 60; m++) {
      inv.append(',').append(m == 0 || m == 59 ? 1 : 0);
    }
    inv.append('\n');
    Files.writeString(d.resolve("invocations.csv"), inv.toString());
    StringBuilder dur =
        new StringBuilder(
            "HashOwner,HashApp,HashFunction,Average,Count,Minimum,Maximum,"
                + "percentile_Average_0,percentile_Average_1,percentile_Average_25,percentile_Average_50,"
                + "percentile_Average_75,percentile_Average_99,percentile_Average_100\n");
    for (String[] f : fns) {
      dur.append(f[0])
          .append(',')
          .append(f[1])
          .append(',')
          .append(f[2])
          .append(",200,10,50,900,50,60,100,200,300,800,900\n");
    }
    Files.writeString(d.resolve("durations.csv"), dur.toString());
    return TraceReaders.open(d, TraceOptions.DEFAULTS);
  }

  private Policy policy(String yaml) throws Exception {
    Path f = dir.resolve("policy-" + Math.abs(yaml.hashCode()) + ".yaml");
    Files.writeString(f, yaml);
    return PolicyLoader.standard().load(f);
  }

  /** Per-function outcomes and the specs each function was resolved to, in time order. */
  private static final class Watch implements SimulationHooks {
    final Map<Integer, FunctionOutcome> outcomes = new TreeMap<>();
    final Map<Integer, List<DeciderSpec>> specs = new TreeMap<>();
    final Map<Integer, List<Long>> specTimes = new TreeMap<>();

    @Override
    public void resolved(int fn, long tNanos, DeciderSpec spec) {
      specs.computeIfAbsent(fn, x -> new ArrayList<>()).add(spec);
      specTimes.computeIfAbsent(fn, x -> new ArrayList<>()).add(tNanos);
    }

    @Override
    public void finished(FunctionOutcome outcome) {
      outcomes.put(outcome.fn(), outcome);
    }
  }

  private static RunResult run(Trace t, String name, SpecResolver specs, Watch watch) {
    return new Simulation(
            t,
            name,
            specs,
            SimulationConfig.defaults(PlatformKind.ON_DEMAND),
            SimulationRunner.defaultTelemetry(),
            watch)
        .run();
  }

  private static SpecResolver named(String policy) {
    PolicyCatalog.Policy p = new PolicyCatalog().resolve(policy, DeciderSpec.defaults());
    return SpecResolver.constant(p.spec(), p.provider());
  }

  private static boolean timer(TraceFunction f) {
    return "timer".equals(f.labels().get("trigger"));
  }

  @Test
  void traceLabelsComeFromTheAzure2019Columns() throws Exception {
    TraceFunction t1 = trace().functions().get(0);
    assertEquals(
        Map.of(
            "app",
            "a1",
            "function",
            "t1",
            "owner",
            "o1",
            "trigger",
            "timer",
            "faas.trigger",
            "timer"),
        t1.labels());
    assertEquals("a1/t1", t1.key().value());
  }

  @Test
  void eachFunctionRunsItsRulesModeAndTheTotalsAreTheSumsOfSeparateRuns() throws Exception {
    Trace t = trace();
    ConfigPolicy cp = ConfigPolicy.bind(policy(TIMERS_TO_KEEPALIVE), t, PROVIDERS, 1);
    assertEquals(Map.of("keepalive", 3, "predictive", 4), cp.functionsByMode());
    assertEquals(Map.of("timers", 3, "defaults", 4), cp.functionsByRule());
    Watch config = new Watch();
    Watch keepalive = new Watch();
    Watch predictive = new Watch();
    RunResult c = run(t, "config", cp, config);
    RunResult k = run(t, "keepalive-5m", named("keepalive-5m"), keepalive);
    RunResult p = run(t, "prescale", named("prescale"), predictive);
    assertEquals(k.simulatedSeconds(), c.simulatedSeconds(), "all runs end together");
    assertEquals(p.simulatedSeconds(), c.simulatedSeconds(), "all runs end together");

    long cold = 0;
    long invocations = 0;
    long actions = 0;
    long decisions = 0;
    double instance = 0;
    double idle = 0;
    double gb = 0;
    boolean policiesDiffer = false;
    for (TraceFunction f : t.functions()) {
      List<DeciderSpec> specs = config.specs.get(f.index());
      assertEquals(1, specs.size(), "no schedules: resolved once");
      DeciderSpec s = specs.get(0);
      Watch alone = timer(f) ? keepalive : predictive;
      if (timer(f)) {
        assertEquals("keepalive", s.mode(), f.key().value());
        assertEquals(Duration.ofMinutes(5), s.keepAlive());
        assertEquals("timers", s.rule());
      } else {
        assertEquals("predictive", s.mode(), f.key().value());
        assertEquals("defaults", s.rule());
      }
      FunctionOutcome o = config.outcomes.get(f.index());
      assertEquals(
          alone.outcomes.get(f.index()),
          o,
          "function " + f.key() + " as if run alone with its spec");
      policiesDiffer |=
          !keepalive.outcomes.get(f.index()).equals(predictive.outcomes.get(f.index()));
      cold += o.coldStarts();
      invocations += o.invocations();
      actions += o.scalingActions();
      decisions += o.decisions();
      instance += o.instanceSeconds();
      idle += o.idleInstanceSeconds();
      gb += o.memoryGbSeconds();
    }
    assertTrue(
        policiesDiffer, "the two specs give different outcomes, so a wrong assignment shows");
    assertTrue(cold > 0 && invocations > 200, cold + " cold of " + invocations);
    assertEquals(cold, c.coldStarts());
    assertEquals(invocations, c.invocations());
    assertEquals(actions, c.scalingActions());
    assertEquals(decisions, c.decisions());
    assertEquals(instance, c.instanceSeconds(), 1e-6);
    assertEquals(idle, c.idleInstanceSeconds(), 1e-6);
    assertEquals(gb, c.memoryGbSeconds(), 1e-6);
  }

  @Test
  void aScheduleSwitchesTheModeAtItsEdgesAndKeepsTheDeciderOtherwise() throws Exception {
    Trace t = trace();
    ConfigPolicy cp =
        ConfigPolicy.bind(
            policy(
                TIMERS_TO_KEEPALIVE
                    + """
            schedules:
              - { days: daily, from: "00:20", to: "00:40", mode: kpa }
        """),
            t,
            PROVIDERS,
            1);
    assertEquals(Map.of("keepalive", 3, "kpa", 3, "predictive", 4), cp.functionsByMode());
    Watch w = new Watch();
    run(t, "config", cp, w);
    long day1 = t.startNanos();
    for (TraceFunction f : t.functions()) {
      List<String> modes = w.specs.get(f.index()).stream().map(DeciderSpec::mode).toList();
      if (timer(f)) {
        assertTrue(cp.varies(f));
        assertEquals(List.of("keepalive", "kpa", "keepalive"), modes, f.key().value());
        assertEquals(
            List.of(day1, day1 + 20 * 60_000_000_000L, day1 + 40 * 60_000_000_000L),
            w.specTimes.get(f.index()));
      } else {
        assertFalse(cp.varies(f));
        assertEquals(List.of("predictive"), modes);
      }
    }
  }

  @Test
  void aRuleWithAnotherTickIsAnErrorNamingRuleFunctionValueAndTheAllowedTick() throws Exception {
    Trace t = trace();
    Policy p = policy(TIMERS_TO_KEEPALIVE + "    tick: 5s\n");
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ConfigPolicy.bind(p, t, PROVIDERS, 1));
    assertTrue(
        e.getMessage()
            .contains(
                "rule 'timers' sets tick = 5s for function a1/t1, must be 2s"
                    + " (the defaults' tick)"),
        e.getMessage());
    // the same tick everywhere is fine, whatever it is
    ConfigPolicy ok =
        ConfigPolicy.bind(
            policy(
                "defaults: { tick: 5s }\n"
                    + TIMERS_TO_KEEPALIVE.substring(TIMERS_TO_KEEPALIVE.indexOf("policies:"))
                    + "    tick: 5s\n"),
            t,
            PROVIDERS,
            1);
    assertEquals(Duration.ofSeconds(5), ok.tick());
  }

  private static SimulateRequest request(
      Path trace, List<String> policies, long seed, int threads, boolean skip, boolean sweep) {
    return new SimulateRequest(
        trace,
        policies,
        List.of(PlatformKind.ON_DEMAND, PlatformKind.AUTOSCALED),
        Duration.ofSeconds(1),
        0,
        1,
        seed,
        Placement.UNIFORM,
        sweep,
        threads,
        skip,
        TraceOptions.DEFAULTS);
  }

  private static String json(Trace t, SimulateRequest req, ConfigPolicy cp)
      throws InterruptedException {
    Simulator sim = new Simulator(new PolicyCatalog(), SimulationRunner.defaultTelemetry());
    return ReportJson.write(
        sim.run(t, req, Simulator.baseSpec(req, cp.defaults()), cp, null, null));
  }

  @Test
  void mixedModeReportsAreByteIdenticalWithAndWithoutSkippingAndAcrossThreads() throws Exception {
    Trace t = trace();
    Path p = dir.resolve("trace");
    ConfigPolicy cp = ConfigPolicy.bind(policy(THREE_MODES), t, PROVIDERS, 1);
    assertEquals(Map.of("keepalive", 3, "kpa", 1, "predictive", 3), cp.functionsByMode());
    List<String> names = List.of("kpa", "config");
    String a = json(t, request(p, names, 5, 1, true, false), cp);
    assertEquals(a, json(t, request(p, names, 5, 2, true, false), cp));
    assertEquals(a, json(t, request(p, names, 5, 2, false, false), cp), "skipping changes nothing");
    assertNotEquals(a, json(t, request(p, names, 6, 2, true, false), cp));
    assertTrue(a.contains("\"policy\" : \"config\""), a);
    assertTrue(
        a.contains(
            "\"configFunctionsByMode\" : {\n      \"keepalive\" : 3,\n      \"kpa\" : 1,"
                + "\n      \"predictive\" : 3\n    }"),
        a);
    assertTrue(
        a.contains(
            "config on autoscaled: the file sends functions to on-demand modes, keepalive"
                + " (3 functions)"),
        a);
  }

  @Test
  void onTheRealSampleAMixedModeFileGivesTheSameBytesWithAndWithoutSkipping() throws Exception {
    Path p = TestTraces.require("azure2019-sample100");
    Trace t = TraceReaders.open(p, TraceOptions.DEFAULTS);
    ConfigPolicy cp =
        ConfigPolicy.bind(
            policy(
                TIMERS_TO_KEEPALIVE.replace("mode: predictive", "mode: hpa")
                    + """
          - name: queues
            match: { labels: { faas.trigger: pubsub } }
            mode: kpa
        """),
            t,
            PROVIDERS,
            1);
    assertEquals(Map.of("keepalive", 44, "kpa", 14, "hpa", 42), cp.functionsByMode());
    List<String> names = List.of("config");
    List<PlatformKind> onDemand = List.of(PlatformKind.ON_DEMAND);
    String skip =
        json(
            t,
            new SimulateRequest(
                p,
                names,
                onDemand,
                Duration.ofSeconds(1),
                0,
                1,
                3,
                Placement.UNIFORM,
                false,
                1,
                true,
                TraceOptions.DEFAULTS),
            cp);
    String full =
        json(
            t,
            new SimulateRequest(
                p,
                names,
                onDemand,
                Duration.ofSeconds(1),
                0,
                1,
                3,
                Placement.UNIFORM,
                false,
                2,
                false,
                TraceOptions.DEFAULTS),
            cp);
    assertEquals(full, skip);
    assertTrue(skip.contains("\"invocations\" : 339657"), skip);
  }

  @Test
  void sweepListsConfigAsNotApplicableAndConfigWithoutAFileIsAnError() throws Exception {
    Trace t = trace();
    Path p = dir.resolve("trace");
    ConfigPolicy cp = ConfigPolicy.bind(policy(THREE_MODES), t, PROVIDERS, 1);
    SimulateRequest req = request(p, List.of("config", "keepalive-10m"), 1, 2, true, true);
    Simulator sim = new Simulator(new PolicyCatalog(), SimulationRunner.defaultTelemetry());
    var report = sim.run(t, req, cp.defaults(), cp, null, null);
    assertTrue(report.sweep().stream().noneMatch(s -> s.curve().equals("config")));
    assertTrue(report.sweep().stream().anyMatch(s -> s.curve().equals("keepalive")));
    assertTrue(
        report
            .parameters()
            .get("notApplicable")
            .toString()
            .contains("config --sweep: a policy" + " file has no single knob to sweep"),
        report.parameters().toString());
    assertEquals(
        List.of("config"),
        report.results().stream()
            .filter(r -> r.policy().equals("config"))
            .map(RunResult::policy)
            .toList(),
        "on-demand only: the file has keep-alive functions");
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> sim.jobs(req, DeciderSpec.defaults(), null));
    assertTrue(e.getMessage().contains("--config POLICY.yaml"), e.getMessage());
  }
}
