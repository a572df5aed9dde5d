package io.prescale.autoscaler.bench;

import io.prescale.autoscaler.forecast.ForecastModel;
import io.prescale.autoscaler.forecast.ForecastModelProvider;
import io.prescale.autoscaler.forecast.ForecastModels;
import io.prescale.autoscaler.forecast.ModelContext;
import io.prescale.autoscaler.forecast.PeriodDetector;
import io.prescale.core.decide.Decider;
import io.prescale.core.decide.DeciderProvider;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.spi.Providers;
import io.prescale.core.time.EpochNanos;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Random;

/**
 * Cost of the predictive decider (not a test; numbers go to bench/RESULTS.md): steady-state
 * decision time per function per tick, refit time per function, heap per decider. Run: see
 * bench/RESULTS.md, section "Predictive decider".
 */
public final class PredictiveBench {
  private PredictiveBench() {}

  private static final long T0 = 1_700_000_000L - 1_700_000_000L % 3600;

  /** {@code -Dquiet=true}: also ask each decider for its quiet promise, as the simulator does. */
  private static final boolean ASK_QUIET = Boolean.getBoolean("quiet");

  public static void main(String[] args) {
    int functions = args.length > 0 ? Integer.parseInt(args[0]) : 1000;
    System.out.println(
        "functions "
            + functions
            + ", java "
            + System.getProperty("java.version")
            + ", cpus "
            + Runtime.getRuntime().availableProcessors());
    decisions(functions);
    refits();
    memory(Math.max(500, functions));
  }

  private static List<SyntheticObservation> mix(int n) {
    List<SyntheticObservation> obs = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      switch (i % 3) {
        case 0 -> obs.add(new SyntheticObservation("dense-" + i, i, 5, 0, 0.2, T0));
        case 1 -> obs.add(new SyntheticObservation("medium-" + i, i, 0.05, 0, 0.5, T0));
        default -> obs.add(new SyntheticObservation("timer-" + i, i, 0, 600, 0.5, T0));
      }
    }
    return obs;
  }

  private static List<Decider> deciders(List<SyntheticObservation> obs, DeciderSpec spec) {
    DeciderProvider p = Providers.find(DeciderProvider.class, "predictive");
    List<Decider> ds = new ArrayList<>();
    for (SyntheticObservation o : obs) {
      ds.add(p.create(o.function(), spec));
    }
    return ds;
  }

  /** Ticks every function every 2 s for 2 h (warm-up), then times 30-minute rounds. */
  private static void decisions(int n) {
    DeciderSpec spec = DeciderSpec.defaults();
    List<SyntheticObservation> obs = mix(n);
    List<Decider> ds = deciders(obs, spec);
    long t = T0 + 2;
    t = tick(ds, obs, spec, t, T0 + 2 * 3600);
    double[] perDecision = new double[5];
    double[] cpuPerDecision = new double[5];
    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    for (int r = 0; r < perDecision.length; r++) {
      long start = System.nanoTime();
      long cpu = mx.getCurrentThreadCpuTime();
      long end = t + 1800;
      long ticks = (end - t) / 2;
      t = tick(ds, obs, spec, t, end);
      perDecision[r] = (System.nanoTime() - start) / (double) (ticks * n);
      cpuPerDecision[r] = (mx.getCurrentThreadCpuTime() - cpu) / (double) (ticks * n);
    }
    Arrays.sort(perDecision);
    Arrays.sort(cpuPerDecision);
    System.out.printf(
        "decision (incl. minute ingestion and staggered refits): wall median %.2f us (min %.2f, max %.2f); thread CPU median %.2f us (min %.2f) per function per tick%n",
        perDecision[2] / 1000,
        perDecision[0] / 1000,
        perDecision[4] / 1000,
        cpuPerDecision[2] / 1000,
        cpuPerDecision[0] / 1000);
  }

  private static long tick(
      List<Decider> ds, List<SyntheticObservation> obs, DeciderSpec spec, long from, long to) {
    long t = from;
    for (; t < to; t += 2) {
      long now = EpochNanos.ofSecond(t);
      for (int i = 0; i < ds.size(); i++) {
        SyntheticObservation o = obs.get(i);
        o.now = t;
        o.ready = ds.get(i).decide(spec, o, now).desiredInstances();
        if (ASK_QUIET) {
          ds.get(i).quietUntilNanos(); // what the simulator asks after each decision
        }
      }
    }
    return t;
  }

  /** Per-function maintenance: period detection on a day of minutes, each model's refit. */
  private static void refits() {
    Random r = new Random(1);
    double[] day = new double[1440];
    for (int i = 0; i < day.length; i++) {
      day[i] = 30 + 10 * Math.sin(2 * Math.PI * i / 60) + r.nextGaussian() * 3;
    }
    PeriodDetector detector = new PeriodDetector(19, 7);
    time(
        "period detection (FFT 1024 + 19 shuffles + ACF refine) on 1440 minutes",
        50,
        () -> detector.detect(day, 720));
    ModelContext ctx = new ModelContext(60, ModelContext.DEFAULT_WINDOW);
    for (ForecastModelProvider p : ForecastModels.select(List.of())) {
      time(
          "refit " + p.name() + " (period 60) on 1440 minutes",
          50,
          () -> {
            ForecastModel m = p.create(ctx);
            m.refit(day);
          });
    }
  }

  /** Median and p90 of {@code reps} timed runs after a warm-up, printed. */
  public static void time(String what, int reps, Runnable r) {
    for (int i = 0; i < 10; i++) {
      r.run();
    }
    double[] ms = new double[reps];
    for (int i = 0; i < reps; i++) {
      long s = System.nanoTime();
      r.run();
      ms[i] = (System.nanoTime() - s) / 1e6;
    }
    Arrays.sort(ms);
    System.out.printf(
        "%s: median %.3f ms, p90 %.3f ms%n", what, ms[reps / 2], ms[(int) (reps * 0.9)]);
  }

  /** Heap held by warmed-up deciders (heap delta over n deciders after GC). */
  private static void memory(int n) {
    DeciderSpec spec = DeciderSpec.defaults();
    for (String kind : List.of("dense", "medium", "timer", "seasonal-60")) {
      List<SyntheticObservation> obs = new ArrayList<>();
      for (int i = 0; i < n; i++) {
        obs.add(
            switch (kind) {
              case "dense" -> new SyntheticObservation("d" + i, i, 5, 0, 0.2, T0);
              case "medium" -> new SyntheticObservation("m" + i, i, 0.05, 0, 0.5, T0);
              case "timer" -> new SyntheticObservation("t" + i, i, 0, 600, 0.5, T0);
              default -> new SyntheticObservation("s" + i, i, 0, 3600, 0.5, T0);
            });
      }
      long before = usedAfterGc();
      List<Decider> ds = deciders(obs, spec);
      tick(ds, obs, spec, T0 + 2, T0 + 5 * 3600);
      long after = usedAfterGc();
      System.out.printf(
          "heap per %s decider after 5 h: %.1f KiB%n", kind, (after - before) / 1024.0 / n);
      if (ds.isEmpty()) {
        System.out.println();
      }
    }
  }

  /** Heap in use after a few GCs. */
  public static long usedAfterGc() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 4; i++) {
      System.gc();
      try {
        Thread.sleep(50);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
