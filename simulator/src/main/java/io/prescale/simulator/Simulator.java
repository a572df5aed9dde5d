package io.prescale.simulator;

import io.prescale.core.decide.DeciderSpec;
import io.prescale.simulator.engine.FunctionTelemetry;
import io.prescale.simulator.engine.RunResult;
import io.prescale.simulator.engine.SimulationConfig;
import io.prescale.simulator.platform.PlatformKind;
import io.prescale.simulator.report.SimulationReport;
import io.prescale.simulator.report.SweepPoint;
import io.prescale.simulator.trace.Trace;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.concurrent.atomic.AtomicLong;

/** Runs a {@link SimulateRequest} on a trace: every policy on every platform (and sweeps), one report. */
public final class Simulator {
  private final PolicyCatalog catalog;
  private final FunctionTelemetry.Factory telemetry;

  public Simulator(PolicyCatalog catalog, FunctionTelemetry.Factory telemetry) {
    this.catalog = catalog;
    this.telemetry = telemetry;
  }

  /** The jobs a request makes, main results first, then sweep points; validates the policies. */
  public List<SimulationRunner.Job> jobs(SimulateRequest req, DeciderSpec base) {
    List<SimulationRunner.Job> jobs = new ArrayList<>();
    List<PolicyCatalog.Policy> policies = new ArrayList<>();
    for (String name : req.policies()) {
      policies.add(catalog.resolve(name, base));
    }
    for (PolicyCatalog.Policy p : policies) {
      for (PlatformKind k : req.platforms()) {
        if (!(p.onDemandOnly() && k == PlatformKind.AUTOSCALED)) {
          jobs.add(new SimulationRunner.Job(p, k, p.spec(), null, null, null));
        }
      }
    }
    if (req.sweep()) {
      Set<String> curves = new LinkedHashSet<>();
      for (PolicyCatalog.Policy p : policies) {
        Sweep s = Sweep.of(p);
        if (s == null || !curves.add(s.curve())) {
          continue;
        }
        for (PlatformKind k : req.platforms()) {
          if (p.onDemandOnly() && k == PlatformKind.AUTOSCALED) {
            continue;
          }
          for (double v : s.values()) {
            jobs.add(new SimulationRunner.Job(p, k, s.apply().apply(p.spec(), v), s.curve(), s.knob(), v));
          }
        }
      }
    }
    return jobs;
  }

  /** Base spec: the built-in defaults with the request's per-instance concurrency. */
  public static DeciderSpec baseSpec(SimulateRequest req) {
    return baseSpec(req, DeciderSpec.defaults());
  }

  /** Base spec: {@code from} (e.g. a policy file's defaults) with the request's per-instance concurrency. */
  public static DeciderSpec baseSpec(SimulateRequest req, DeciderSpec from) {
    return from.toBuilder().perInstanceConcurrency(req.concurrency()).build();
  }

  public SimulationReport run(Trace trace, SimulateRequest req, AtomicLong progress, AtomicLong runsDone)
      throws InterruptedException {
    return run(trace, req, baseSpec(req), progress, runsDone);
  }

  /**
   * Runs every job of the request with specs built on {@code base} (each policy sets its mode).
   *
   * @param progress virtual nanoseconds done across runs, or null
   * @param runsDone finished runs, or null
   */
  public SimulationReport run(Trace trace, SimulateRequest req, DeciderSpec base, AtomicLong progress,
      AtomicLong runsDone) throws InterruptedException {
    List<SimulationRunner.Job> jobs = jobs(req, base);
    SimulationConfig config = new SimulationConfig(PlatformKind.ON_DEMAND, req.concurrency(),
        req.coldStart(), req.coldStartSigma(), req.seed(), req.placement(), req.skipQuiescent(),
        Duration.ofHours(1), 3);
    List<SimulationRunner.Outcome> outcomes =
        SimulationRunner.runAll(trace, jobs, config, telemetry, req.threads(), progress, runsDone);
    List<RunResult> results = new ArrayList<>();
    List<SweepPoint> sweep = new ArrayList<>();
    for (SimulationRunner.Outcome o : outcomes) {
      if (o.job().curve() == null) {
        results.add(o.result());
      } else {
        sweep.add(new SweepPoint(o.job().curve(), o.job().knob(), o.job().knobValue(), o.result()));
      }
    }
    return new SimulationReport(req.trace().toString(), parameters(trace, req, base, jobs), results, sweep);
  }

  private Map<String, Object> parameters(Trace trace, SimulateRequest req, DeciderSpec base,
      List<SimulationRunner.Job> jobs) {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("traceFormat", trace.format());
    p.put("functions", trace.functions().size());
    p.put("plannedInvocations", trace.plannedInvocations());
    p.put("traceStart", Instant.ofEpochSecond(0, trace.startNanos()).toString());
    p.put("traceEnd", Instant.ofEpochSecond(0, trace.endNanos()).toString());
    p.put("policies", req.policies());
    p.put("platforms", req.platforms().stream().map(PlatformKind::wireName).toList());
    p.put("coldStart", req.coldStart().toString());
    p.put("coldStartSigma", req.coldStartSigma());
    p.put("concurrency", req.concurrency());
    p.put("seed", req.seed());
    p.put("placement", req.placement().wireName());
    p.put("placement note", trace.placementNote(req.placement()));
    p.put("tick", base.tick().toString());
    p.put("baseSpec", base.rule());
    p.put("sweep", req.sweep());
    List<String> na = new ArrayList<>();
    for (String name : req.policies()) {
      PolicyCatalog.Policy pol = catalog.resolve(name, base);
      if (pol.onDemandOnly() && req.platforms().contains(PlatformKind.AUTOSCALED)) {
        na.add(pol.name() + " on autoscaled: an on-demand policy (never asks for an instance while"
            + " a request waits); there only decisions add instances, so requests would wait forever");
      }
    }
    p.put("notApplicable", na);
    p.put("definitions", "coldStarts: requests that found no warm instance with a free slot and were"
        + " served by an instance that became ready after they arrived; wait: arrival to execution"
        + " start; instanceSeconds: start to stop of every instance (start-up included);"
        + " idleInstanceSeconds: ready with no request; memoryGbSeconds: instanceSeconds x the"
        + " function's memory; scalingActions: changes of a function's decided desired count;"
        + " decisions see only data recorded before the tick");
    p.put("runs", jobs.size());
    return p;
  }
}
