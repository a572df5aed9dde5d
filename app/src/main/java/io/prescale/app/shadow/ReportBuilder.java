package io.prescale.app.shadow;

import io.prescale.app.export.ExportRequest;
import io.prescale.app.export.ExportedTrace;
import io.prescale.app.export.TraceExport;
import io.prescale.collector.window.BucketColumns;
import io.prescale.collector.window.FunctionStore;
import io.prescale.collector.window.FunctionWindows;
import io.prescale.core.FunctionKey;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.time.Durations;
import io.prescale.simulator.PolicyCatalog;
import io.prescale.simulator.SimulateRequest;
import io.prescale.simulator.SimulationRunner;
import io.prescale.simulator.Simulator;
import io.prescale.simulator.engine.FunctionOutcome;
import io.prescale.simulator.engine.FunctionTelemetry;
import io.prescale.simulator.engine.SimulationConfig;
import io.prescale.simulator.engine.SimulationHooks;
import io.prescale.simulator.oracle.ColdStartPrice;
import io.prescale.simulator.trace.Placement;
import io.prescale.simulator.trace.Trace;
import io.prescale.simulator.trace.TraceOptions;
import io.prescale.simulator.trace.TraceReaders;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Collection;
import java.util.Comparator;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CancellationException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.BooleanSupplier;

/**
 * Builds a {@link ShadowReport}: exports the window's arrivals ({@link TraceExport}, into {@code
 * workDir/trace}), replays them through the simulator with the request's settings (one run per
 * policy on one thread, as {@code prescale simulate --trace workDir/trace --platform P --policy ...
 * --seed S --threads 1} would), and sets each function's observed numbers beside: its cold starts
 * (the collector's per-minute counts) and instance-seconds seen (the shadow ledger).
 */
final class ReportBuilder {
  static final double MEMORY_MB = 128;
  static final Duration REQUEST_DURATION = Duration.ofSeconds(1);

  private ReportBuilder() {}

  /**
   * @param only the functions to report (the shadow ones), or empty: every function with traffic
   * @param progress virtual nanoseconds replayed so far; {@code total} is set to all of them
   * @param cancelled polled once a simulated tick; true stops with a CancellationException
   */
  static ShadowReport build(
      FunctionStore store,
      ObservedMinutes observed,
      Collection<FunctionKey> only,
      ReportRequest rr,
      long nowNanos,
      Path workDir,
      AtomicLong progress,
      AtomicLong total,
      BooleanSupplier cancelled)
      throws IOException {
    ExportedTrace t =
        TraceExport.write(
            store,
            only.isEmpty() ? null : only,
            workDir.resolve("trace"),
            new ExportRequest(rr.since(), ExportRequest.AUTO, false, ""),
            nowNanos,
            cancelled);
    Map<String, Object> parameters = new LinkedHashMap<>();
    parameters.put("from", Instant.ofEpochSecond(t.fromSecond()).toString());
    parameters.put("to", Instant.ofEpochSecond(t.toSecond()).toString());
    parameters.put("since", Durations.format(rr.since()));
    parameters.put("traceFormat", t.format());
    parameters.put("platform", rr.platform().wireName());
    parameters.put("coldStart", Durations.format(rr.coldStart()));
    parameters.put("seed", rr.seed());
    parameters.put("concurrency", rr.concurrency());
    parameters.put("policies", rr.policies());
    parameters.put(
        "simulate",
        "prescale simulate --trace TRACE_DIR --platform "
            + rr.platform().wireName()
            + " --policy "
            + String.join(",", rr.policies())
            + " --cold-start "
            + Durations.format(rr.coldStart())
            + " --concurrency "
            + rr.concurrency()
            + " --seed "
            + rr.seed());
    Map<String, Map<String, ShadowReport.Figures>> replayed = new HashMap<>();
    double price = 0;
    if (!t.names().isEmpty()) {
      SimulateRequest req =
          new SimulateRequest(
              t.dir(),
              rr.policies(),
              List.of(rr.platform()),
              rr.coldStart(),
              0,
              rr.concurrency(),
              rr.seed(),
              Placement.UNIFORM,
              false,
              1,
              true,
              new TraceOptions(MEMORY_MB, REQUEST_DURATION));
      Trace trace = TraceReaders.open(t.dir(), req.traceOptions());
      DeciderSpec base = Simulator.baseSpec(req);
      price = ColdStartPrice.seconds(base, rr.platform(), null);
      FunctionTelemetry.Factory telemetry = SimulationRunner.defaultTelemetry();
      List<SimulationRunner.Job> jobs =
          new Simulator(new PolicyCatalog(), telemetry).jobs(req, base);
      total.set((trace.endNanos() - trace.startNanos()) * jobs.size());
      SimulationConfig settings = Simulator.settings(req);
      for (SimulationRunner.Job job : jobs) {
        String policy = job.policy().name();
        SimulationRunner.runOne(
            trace,
            job,
            settings,
            telemetry,
            progress,
            new SimulationHooks() {
              @Override
              public void progress(long tNanos) {
                if (cancelled.getAsBoolean()) {
                  throw new CancellationException("report cancelled");
                }
              }

              @Override
              public void finished(FunctionOutcome o) {
                String name = trace.functions().get(o.fn()).key().value();
                replayed
                    .computeIfAbsent(name, n -> new LinkedHashMap<>())
                    .put(policy, new ShadowReport.Figures(o.coldStarts(), o.instanceSeconds()));
              }
            });
      }
    }
    parameters.put("coldStartPrice", Durations.format(Duration.ofMillis(Math.round(price * 1000))));
    return assemble(store, observed, t, rr, replayed, price, parameters);
  }

  private static ShadowReport assemble(
      FunctionStore store,
      ObservedMinutes observed,
      ExportedTrace t,
      ReportRequest rr,
      Map<String, Map<String, ShadowReport.Figures>> replayed,
      double price,
      Map<String, Object> parameters) {
    long fromMinute = t.fromSecond() / 60;
    long toMinute = t.toSecond() / 60;
    List<ShadowReport.Line> lines = new ArrayList<>();
    for (var e : t.names().entrySet()) {
      FunctionKey key = FunctionKey.of(e.getKey());
      FunctionWindows w = store.get(key);
      BucketColumns c = w.minutes(fromMinute, (int) (toMinute - fromMinute));
      long invocations = 0;
      long cold = 0;
      for (int i = 0; i < c.size(); i++) {
        invocations += c.arrivals()[i];
        cold += c.coldStarts()[i];
      }
      List<ShadowAccount.Minute> seen = observed.minutes(key, fromMinute, toMinute);
      Double seconds = null;
      if (!seen.isEmpty()) {
        double s = 0;
        for (ShadowAccount.Minute m : seen) {
          s += m.observedInstanceSeconds();
        }
        seconds = s;
      }
      Map<String, ShadowReport.Figures> figures = new LinkedHashMap<>();
      Map<String, ShadowReport.Figures> r = replayed.getOrDefault(e.getValue(), Map.of());
      for (String p : rr.policies()) {
        if (r.containsKey(p)) {
          figures.put(p, r.get(p));
        }
      }
      lines.add(
          new ShadowReport.Line(key.value(), e.getValue(), invocations, cold, seconds, figures));
    }
    lines.sort(
        Comparator.comparingLong(ShadowReport.Line::invocations)
            .reversed()
            .thenComparing(ShadowReport.Line::function));
    ShadowReport.Line fleet = ReportText.fleet(lines, rr.policies());
    List<String> worse = new ArrayList<>();
    for (ShadowReport.Line l : lines) {
      ShadowReport.Figures p = l.policies().get(ReportRequest.PRESCALE);
      if (p != null
          && l.observedInstanceSeconds() != null
          && p.coldStarts() * price + p.instanceSeconds()
              > l.observedColdStarts() * price + l.observedInstanceSeconds() + 1e-9) {
        worse.add(l.function());
      }
    }
    return new ShadowReport(
        ReportText.headline(lines, rr.policies()), parameters, fleet, lines, worse);
  }
}
