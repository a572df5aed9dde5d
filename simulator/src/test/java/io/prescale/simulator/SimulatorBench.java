package io.prescale.simulator;

import io.prescale.core.decide.DeciderSpec;
import io.prescale.simulator.engine.RunResult;
import io.prescale.simulator.engine.SimulationConfig;
import io.prescale.simulator.platform.PlatformKind;
import io.prescale.simulator.trace.Placement;
import io.prescale.simulator.trace.Trace;
import io.prescale.simulator.trace.TraceOptions;
import io.prescale.simulator.trace.TraceReaders;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Locale;

/**
 * Benchmark (not a test): simulated invocations per wall-clock second of one run (one thread) per
 * policy and platform, median of several runs after a warm-up, then the wall time of a whole {@code
 * prescale simulate} of every baseline on both platforms. Usage: {@code SimulatorBench [TRACE_DIR]
 * [ROUNDS] [THREADS_FOR_WHOLE_RUN] [POLICIES]}.
 */
public final class SimulatorBench {
  private SimulatorBench() {}

  public static void main(String[] args) throws Exception {
    Path path = Path.of(args.length > 0 ? args[0] : "../../shared/traces/azure2019-sample250");
    int rounds = args.length > 1 ? Integer.parseInt(args[1]) : 5;
    int threads =
        args.length > 2 ? Integer.parseInt(args[2]) : Runtime.getRuntime().availableProcessors();
    Trace trace = TraceReaders.open(path, TraceOptions.DEFAULTS);
    PolicyCatalog catalog = new PolicyCatalog();
    System.out.printf(
        Locale.ROOT,
        "java %s, %d cores, max heap %d MiB%n",
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
    System.out.printf(
        Locale.ROOT,
        "trace %s: %d functions, %d invocations; %d rounds after 1 warm-up%n",
        path,
        trace.functions().size(),
        trace.plannedInvocations(),
        rounds);
    System.out.println(
        "| policy | platform | median wall s | median invocations/s (wall) |"
            + " median invocations/CPU-s | runs (invocations/s, wall) |");
    System.out.println("|---|---|---:|---:|---:|---|");
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    List<String> names = args.length > 3 ? List.of(args[3].split(",")) : catalog.defaultNames();
    for (String name : names) {
      PolicyCatalog.Policy p = catalog.resolve(name, DeciderSpec.defaults());
      for (PlatformKind k : PlatformKind.values()) {
        if (p.onDemandOnly() && k == PlatformKind.AUTOSCALED) {
          continue;
        }
        SimulationRunner.Job job = new SimulationRunner.Job(p, k, p.spec(), null, null, null);
        SimulationRunner.runOne(
            trace, job, SimulationConfig.defaults(k), SimulationRunner.defaultTelemetry(), null);
        double[] rates = new double[rounds];
        double[] walls = new double[rounds];
        double[] cpuRates = new double[rounds];
        for (int i = 0; i < rounds; i++) {
          long cpu0 = mx.getCurrentThreadCpuTime();
          SimulationRunner.Outcome o =
              SimulationRunner.runOne(
                  trace,
                  job,
                  SimulationConfig.defaults(k),
                  SimulationRunner.defaultTelemetry(),
                  null);
          double cpu = (mx.getCurrentThreadCpuTime() - cpu0) / 1e9;
          RunResult r = o.result();
          walls[i] = o.wallSeconds();
          rates[i] = r.invocations() / o.wallSeconds();
          cpuRates[i] = r.invocations() / cpu;
        }
        List<String> each = new ArrayList<>();
        for (double r : rates) {
          each.add(String.format(Locale.ROOT, "%.0f", r));
        }
        System.out.printf(
            Locale.ROOT,
            "| %s | %s | %.3f | %.0f | %.0f | %s |%n",
            name,
            k.wireName(),
            median(walls),
            median(rates),
            median(cpuRates),
            String.join(", ", each));
      }
    }
    SimulateRequest req =
        new SimulateRequest(
            path,
            PolicyCatalog.BASELINES,
            List.of(PlatformKind.ON_DEMAND, PlatformKind.AUTOSCALED),
            Duration.ofSeconds(1),
            0,
            1,
            1,
            Placement.UNIFORM,
            false,
            threads,
            true,
            TraceOptions.DEFAULTS);
    Simulator sim = new Simulator(catalog, SimulationRunner.defaultTelemetry());
    double[] whole = new double[3];
    for (int i = 0; i < whole.length; i++) {
      long t0 = System.nanoTime();
      Trace fresh = TraceReaders.open(path, TraceOptions.DEFAULTS);
      sim.run(fresh, req, null, null);
      whole[i] = (System.nanoTime() - t0) / 1e9;
    }
    System.out.printf(
        Locale.ROOT,
        "whole run (%s, both platforms, %d threads, trace parsing included):"
            + " median %.1f s of %s%n",
        String.join(",", PolicyCatalog.BASELINES),
        threads,
        median(whole),
        Arrays.toString(whole));
  }

  private static double median(double[] v) {
    double[] s = v.clone();
    Arrays.sort(s);
    return s.length % 2 == 1 ? s[s.length / 2] : (s[s.length / 2 - 1] + s[s.length / 2]) / 2;
  }
}
