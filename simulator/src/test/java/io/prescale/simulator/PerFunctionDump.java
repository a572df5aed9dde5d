package io.prescale.simulator;

import io.prescale.core.decide.DeciderSpec;
import io.prescale.simulator.engine.FunctionOutcome;
import io.prescale.simulator.engine.RunResult;
import io.prescale.simulator.engine.Simulation;
import io.prescale.simulator.engine.SimulationConfig;
import io.prescale.simulator.engine.SimulationHooks;
import io.prescale.simulator.platform.PlatformKind;
import io.prescale.simulator.trace.Trace;
import io.prescale.simulator.trace.TraceFunction;
import io.prescale.simulator.trace.TraceOptions;
import io.prescale.simulator.trace.TraceReaders;
import java.io.PrintWriter;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;

/**
 * Analysis tool (not a test): runs policies on one platform and writes each function's outcome as
 * CSV ({@code
 * policy,platform,fn,key,invocations,coldStarts,instanceSeconds,idleSeconds,gbSeconds,decisions}),
 * plus one summary line per run on stdout. Usage: {@code PerFunctionDump TRACE_DIR OUT.csv POLICIES
 * PLATFORMS [COLD_START_SECONDS] [THREADS] [COLD_START_BUDGET]}.
 */
public final class PerFunctionDump {
  private PerFunctionDump() {}

  public static void main(String[] args) throws Exception {
    Path path = Path.of(args[0]);
    Path out = Path.of(args[1]);
    String[] policies = args[2].split(",");
    String[] platforms = args[3].split(",");
    double cold = args.length > 4 ? Double.parseDouble(args[4]) : 1;
    int threads = args.length > 5 ? Integer.parseInt(args[5]) : 2;
    DeciderSpec base =
        args.length > 6
            ? Simulator.unboundedDefaults().toBuilder()
                .coldStartBudget(Double.parseDouble(args[6]))
                .build()
            : Simulator.unboundedDefaults();
    Trace trace = TraceReaders.open(path, TraceOptions.DEFAULTS);
    PolicyCatalog catalog = new PolicyCatalog();
    ExecutorService pool = Executors.newFixedThreadPool(threads);
    List<Future<List<String>>> runs = new ArrayList<>();
    for (String platform : platforms) {
      PlatformKind kind = PlatformKind.parse(platform);
      for (String name : policies) {
        PolicyCatalog.Policy p = catalog.resolve(name, base);
        runs.add(pool.submit(() -> run(trace, p, kind, cold)));
      }
    }
    try (PrintWriter w = new PrintWriter(Files.newBufferedWriter(out))) {
      w.println(
          "policy,platform,fn,key,invocations,coldStarts,instanceSeconds,idleSeconds,gbSeconds,decisions");
      for (Future<List<String>> f : runs) {
        for (String line : f.get()) {
          w.println(line);
        }
      }
    }
    pool.shutdown();
  }

  private static List<String> run(
      Trace trace, PolicyCatalog.Policy p, PlatformKind kind, double cold) {
    List<String> lines = new ArrayList<>();
    List<TraceFunction> fns = trace.functions();
    SimulationHooks hooks =
        new SimulationHooks() {
          @Override
          public void finished(FunctionOutcome o) {
            lines.add(
                String.format(
                    Locale.ROOT,
                    "%s,%s,%d,%s,%d,%d,%.1f,%.1f,%.2f,%d",
                    p.name(),
                    kind.wireName(),
                    o.fn(),
                    fns.get(o.fn()).key().value(),
                    o.invocations(),
                    o.coldStarts(),
                    o.instanceSeconds(),
                    o.idleInstanceSeconds(),
                    o.memoryGbSeconds(),
                    o.decisions()));
          }
        };
    long t0 = System.nanoTime();
    SimulationConfig config =
        SimulationConfig.defaults(kind).withColdStart(Duration.ofMillis((long) (cold * 1000)));
    RunResult r =
        new Simulation(
                trace,
                p.name(),
                p.spec(),
                p.provider(),
                config,
                SimulationRunner.defaultTelemetry(),
                hooks)
            .run();
    System.out.printf(
        Locale.ROOT,
        "%s %s: invocations %d cold %d (p75 %.3f) instance-s %.0f GB-s %.0f wall %.1f s%n",
        p.name(),
        kind.wireName(),
        r.invocations(),
        r.coldStarts(),
        r.coldStartRatioP75Function(),
        r.instanceSeconds(),
        r.memoryGbSeconds(),
        (System.nanoTime() - t0) / 1e9);
    return lines;
  }
}
