package io.prescale.simulator;

import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.time.Durations;
import io.prescale.simulator.engine.FunctionTelemetry;
import io.prescale.simulator.engine.RunResult;
import io.prescale.simulator.engine.SimulationConfig;
import io.prescale.simulator.engine.SpecResolver;
import io.prescale.simulator.oracle.ColdStartPrice;
import io.prescale.simulator.oracle.OracleKind;
import io.prescale.simulator.platform.PlatformKind;
import io.prescale.simulator.report.OracleDistance;
import io.prescale.simulator.report.SimulationReport;
import io.prescale.simulator.report.SweepPoint;
import io.prescale.simulator.trace.Trace;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs a {@link SimulateRequest} on a trace: every policy on every platform (and sweeps), one
 * report.
 */
public final class Simulator {
  private final PolicyCatalog catalog;
  private final FunctionTelemetry.Factory telemetry;

  public Simulator(PolicyCatalog catalog, FunctionTelemetry.Factory telemetry) {
    this.catalog = catalog;
    this.telemetry = telemetry;
  }

  /** The jobs a request makes, main results first, then sweep points; validates the policies. */
  public List<SimulationRunner.Job> jobs(SimulateRequest req, DeciderSpec base) {
    return jobs(req, base, null);
  }

  /**
   * The jobs a request makes; the policy name {@code config} runs {@code config} (a policy file
   * bound to the trace), which is then required.
   */
  public List<SimulationRunner.Job> jobs(
      SimulateRequest req, DeciderSpec base, ConfigPolicy config) {
    List<SimulationRunner.Job> jobs = new ArrayList<>();
    List<PolicyCatalog.Policy> policies = new ArrayList<>();
    for (String name : policyNames(req)) {
      policies.add(isConfig(name) ? configPolicy(config) : catalog.resolve(name, base));
    }
    for (PolicyCatalog.Policy p : policies) {
      SpecResolver resolver = p.name().equals(ConfigPolicy.NAME) ? config : null;
      for (PlatformKind k : req.platforms()) {
        if (!(onDemandOnly(p, config) && k == PlatformKind.AUTOSCALED)) {
          jobs.add(
              new SimulationRunner.Job(
                  p, k, p.spec(), null, null, null, resolver, req.coldStartPrice()));
        }
      }
    }
    if (req.sweep()) {
      Set<String> curves = new LinkedHashSet<>();
      for (PolicyCatalog.Policy p : policies) {
        Sweep s = p.name().equals(ConfigPolicy.NAME) ? null : Sweep.of(p);
        if (s == null || !curves.add(s.curve())) {
          continue;
        }
        for (PlatformKind k : req.platforms()) {
          if (p.onDemandOnly() && k == PlatformKind.AUTOSCALED) {
            continue;
          }
          for (double v : s.values()) {
            jobs.add(
                new SimulationRunner.Job(
                    p, k, s.apply().apply(p.spec(), v), s.curve(), s.knob(), v));
          }
        }
      }
    }
    return jobs;
  }

  /**
   * The policies a request runs, in report order: those named, plus {@code oracle} at the end when
   * the distance to it is asked for ({@code --vs-oracle}) and it is not named.
   */
  public static List<String> policyNames(SimulateRequest req) {
    if (!req.vsOracle() || names(req).contains(OracleKind.ORACLE.wireName())) {
      return req.policies();
    }
    List<String> out = new ArrayList<>(req.policies());
    out.add(OracleKind.ORACLE.wireName());
    return out;
  }

  private static Set<String> names(SimulateRequest req) {
    Set<String> out = new LinkedHashSet<>();
    req.policies().forEach(n -> out.add(n.trim().toLowerCase(Locale.ROOT)));
    return out;
  }

  /** Whether the run involves an oracle: one is named or the distance to it is asked for. */
  static boolean involvesOracle(SimulateRequest req) {
    return req.vsOracle() || names(req).stream().anyMatch(n -> OracleKind.of(n) != null);
  }

  /** The cold-start price per platform (wire name), seconds, in the request's platform order. */
  public static Map<String, Double> coldStartPrices(SimulateRequest req, DeciderSpec base) {
    Map<String, Double> out = new LinkedHashMap<>();
    for (PlatformKind k : req.platforms()) {
      out.put(k.wireName(), ColdStartPrice.seconds(base, k, req.coldStartPrice()));
    }
    return out;
  }

  /** Whether {@code name} is the policy-file policy. */
  public static boolean isConfig(String name) {
    return name.trim().equalsIgnoreCase(ConfigPolicy.NAME);
  }

  private static PolicyCatalog.Policy configPolicy(ConfigPolicy config) {
    if (config == null) {
      throw new IllegalArgumentException(
          "policy = config runs the rules of a policy file and needs"
              + " one: give it with --config POLICY.yaml, or name only baseline policies");
    }
    return new PolicyCatalog.Policy(ConfigPolicy.NAME, config.defaults(), null);
  }

  /** The on-demand-only modes (keepalive, hybrid-histogram) some function of the policy runs. */
  private static List<String> onDemandOnlyModes(PolicyCatalog.Policy p, ConfigPolicy config) {
    if (!p.name().equals(ConfigPolicy.NAME)) {
      return p.onDemandOnly() ? List.of(p.spec().mode()) : List.of();
    }
    List<String> out = new ArrayList<>();
    config
        .functionsByMode()
        .forEach(
            (mode, n) -> {
              if (PolicyCatalog.ON_DEMAND_ONLY_MODES.contains(mode)) {
                out.add(mode + " (" + n + (n == 1 ? " function)" : " functions)"));
              }
            });
    return out;
  }

  private static boolean onDemandOnly(PolicyCatalog.Policy p, ConfigPolicy config) {
    return !onDemandOnlyModes(p, config).isEmpty();
  }

  /**
   * The built-in defaults as the simulator runs them: without a ceiling on instances, as Knative's
   * default {@code max-scale} (0, unbounded) and an on-demand platform's own scaling. Prescale's
   * production default {@code maxInstances} (1,000) is a safety cap an operator sets for their
   * fleet; on a trace it would cap every policy alike and hide the cold starts of functions that
   * run thousands of requests at once. A policy file (--config) keeps its own maxInstances.
   */
  public static DeciderSpec unboundedDefaults() {
    return DeciderSpec.defaults().toBuilder().maxInstances(Integer.MAX_VALUE).build();
  }

  /** Base spec: {@link #unboundedDefaults()} with the request's per-instance concurrency. */
  public static DeciderSpec baseSpec(SimulateRequest req) {
    return baseSpec(req, unboundedDefaults());
  }

  /**
   * Base spec: {@code from} (e.g. a policy file's defaults) with the request's per-instance
   * concurrency.
   */
  public static DeciderSpec baseSpec(SimulateRequest req, DeciderSpec from) {
    return from.toBuilder().perInstanceConcurrency(req.concurrency()).build();
  }

  public SimulationReport run(
      Trace trace, SimulateRequest req, AtomicLong progress, AtomicLong runsDone)
      throws InterruptedException {
    return run(trace, req, baseSpec(req), progress, runsDone);
  }

  /**
   * Runs every job of the request with specs built on {@code base} (each policy sets its mode).
   *
   * @param progress virtual nanoseconds done across runs, or null
   * @param runsDone finished runs, or null
   */
  public SimulationReport run(
      Trace trace, SimulateRequest req, DeciderSpec base, AtomicLong progress, AtomicLong runsDone)
      throws InterruptedException {
    return run(trace, req, base, null, progress, runsDone);
  }

  /**
   * Runs every job of the request; the policy {@code config} runs {@code config}, a policy file
   * bound to {@code trace} (null when no file was given).
   */
  public SimulationReport run(
      Trace trace,
      SimulateRequest req,
      DeciderSpec base,
      ConfigPolicy config,
      AtomicLong progress,
      AtomicLong runsDone)
      throws InterruptedException {
    List<SimulationRunner.Job> jobs = jobs(req, base, config);
    SimulationConfig settings = settings(req);
    List<SimulationRunner.Outcome> outcomes =
        SimulationRunner.runAll(
            trace, jobs, settings, telemetry, req.threads(), progress, runsDone);
    List<RunResult> results = new ArrayList<>();
    List<SweepPoint> sweep = new ArrayList<>();
    for (SimulationRunner.Outcome o : outcomes) {
      if (o.job().curve() == null) {
        results.add(o.result());
      } else {
        sweep.add(new SweepPoint(o.job().curve(), o.job().knob(), o.job().knobValue(), o.result()));
      }
    }
    List<OracleDistance> distances =
        involvesOracle(req) ? OracleDistance.of(results, coldStartPrices(req, base)) : List.of();
    return new SimulationReport(
        req.trace().toString(),
        parameters(trace, req, base, config, jobs),
        results,
        sweep,
        distances);
  }

  /** The run settings of {@code req} (each job sets its platform): what every run of it uses. */
  public static SimulationConfig settings(SimulateRequest req) {
    return new SimulationConfig(
        PlatformKind.ON_DEMAND,
        req.concurrency(),
        req.coldStart(),
        req.coldStartSigma(),
        req.seed(),
        req.placement(),
        req.skipQuiescent(),
        Duration.ofHours(1),
        3);
  }

  private Map<String, Object> parameters(
      Trace trace,
      SimulateRequest req,
      DeciderSpec base,
      ConfigPolicy config,
      List<SimulationRunner.Job> jobs) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("traceFormat", trace.format());
    p.put("functions", trace.functions().size());
    p.put("plannedInvocations", trace.plannedInvocations());
    p.put("traceStart", Instant.ofEpochSecond(0, trace.startNanos()).toString());
    p.put("traceEnd", Instant.ofEpochSecond(0, trace.endNanos()).toString());
    p.put("policies", policyNames(req));
    p.put("platforms", req.platforms().stream().map(PlatformKind::wireName).toList());
    p.put("coldStart", Durations.format(req.coldStart()));
    p.put("coldStartSigma", req.coldStartSigma());
    p.put("concurrency", req.concurrency());
    p.put("seed", req.seed());
    p.put("placement", req.placement().wireName());
    p.put("placement note", trace.placementNote(req.placement()));
    p.put("tick", Durations.format(base.tick()));
    p.put("baseSpec", base.rule());
    boolean runsConfig = req.policies().stream().anyMatch(Simulator::isConfig);
    if (runsConfig) {
      p.put("config", config.file());
      p.put("configFunctionsByMode", config.functionsByMode());
      p.put("configFunctionsByRule", config.functionsByRule());
      p.put(
          "configNote",
          "config: each function runs the spec the file resolves for it (labels: app,"
              + " function, and on Azure 2019 traces owner, trigger, faas.trigger), on the defaults' tick,"
              + " with perInstanceConcurrency = the run's concurrency");
    }
    if (involvesOracle(req)) {
      p.put("coldStartPrice", coldStartPrices(req, base));
      p.put(
          "oracleNote",
          "oracle: knows every future arrival and duration, starts each instance a"
              + " cold-start delay before it is needed and keeps an idle gap iff it is at most the"
              + " cold-start delay (zero cold starts at the least instance time); oracle-keepalive:"
              + " never pre-warms, keeps an idle gap iff it is at most coldStartPrice, each start a cold"
              + " start charged only that price (a lower bound for every keep-alive); both act at the"
              + " exact instant (no tick), the same on both platforms; vsOracle: extra cold starts and"
              + " cost over oracle, and costAtPrice = coldStarts x coldStartPrice + instanceSeconds"
              + " over oracle's");
    }
    p.put("sweep", req.sweep());
    List<String> na = new ArrayList<>();
    for (String name : policyNames(req)) {
      PolicyCatalog.Policy pol =
          isConfig(name) ? configPolicy(config) : catalog.resolve(name, base);
      List<String> modes = onDemandOnlyModes(pol, config);
      if (modes.isEmpty() || !req.platforms().contains(PlatformKind.AUTOSCALED)) {
        continue;
      }
      if (isConfig(name)) {
        na.add(
            pol.name()
                + " on autoscaled: the file sends functions to on-demand modes, "
                + String.join(", ", modes)
                + ", which never ask for an instance while a request waits;"
                + " there only decisions add instances, so their requests would wait forever");
      } else {
        na.add(
            pol.name()
                + " on autoscaled: an on-demand policy (never asks for an instance while"
                + " a request waits); there only decisions add instances, so requests would wait forever");
      }
    }
    if (runsConfig && req.sweep()) {
      na.add(
          ConfigPolicy.NAME
              + " --sweep: a policy file has no single knob to sweep (each rule sets"
              + " its own); it is one point per platform");
    }
    p.put("notApplicable", na);
    p.put(
        "definitions",
        "coldStarts: requests that found no warm instance with a free slot and were"
            + " served by an instance that became ready after they arrived; wait: arrival to execution"
            + " start; instanceSeconds: start to stop of every instance (start-up included);"
            + " idleInstanceSeconds: ready with no request; memoryGbSeconds: instanceSeconds x the"
            + " function's memory; scalingActions: changes of a function's decided desired count;"
            + " decisions see only data recorded before the tick");
    p.put("runs", jobs.size());
    return p;
  }
}
