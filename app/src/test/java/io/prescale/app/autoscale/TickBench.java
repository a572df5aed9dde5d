package io.prescale.app.autoscale;

import io.prescale.adapter.engine.EngineConfig;
import io.prescale.app.ControlPlaneContext;
import io.prescale.app.adapters.AdapterComponent;
import io.prescale.autoscaler.loop.TickReport;
import io.prescale.collector.window.FunctionStore;
import io.prescale.collector.window.FunctionWindows;
import io.prescale.core.FunctionKey;
import io.prescale.core.Invocation;
import io.prescale.core.Trigger;
import io.prescale.core.time.ManualTimeSource;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.lang.management.ManagementFactory;
import java.lang.management.ThreadMXBean;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.List;
import java.util.Map;

/**
 * Wall time of one autoscaler tick of {@code prescale run} at the store's full size (not a test;
 * figures go to bench/RESULTS.md, run with bench/run-tick.sh): the production wiring (the
 * collector's store, the built-in policy (predictive mode), the dry-run adapter behind the scaling
 * engine, the decision metrics) over {@code functions} functions of which {@code busy} get 5
 * invocations a second, the rest one invocation before the start. Time is a manual clock moved 2 s
 * per tick, so ticks run back to back; the busy functions' invocations are recorded between ticks,
 * outside the timing.
 *
 * <p>Arguments: functions (100000), busy (1000), warm-up ticks (5), timed ticks (10).
 */
public final class TickBench {
  private TickBench() {}

  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");

  public static void main(String[] args) throws Exception {
    int functions = args.length > 0 ? Integer.parseInt(args[0]) : 100_000;
    int busy = args.length > 1 ? Integer.parseInt(args[1]) : 1000;
    int warmup = args.length > 2 ? Integer.parseInt(args[2]) : 5;
    int timed = args.length > 3 ? Integer.parseInt(args[3]) : 10;
    System.out.printf(
        "functions %d (busy %d), java %s, cpus %d, max heap %d MiB%n",
        functions,
        busy,
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);

    ManualTimeSource time = new ManualTimeSource(T0);
    Vertx vertx = Vertx.vertx();
    ControlPlaneContext ctx =
        new ControlPlaneContext(vertx, Router.router(vertx), new PrometheusRegistry(), time);
    FunctionStore store = FunctionStore.withDefaults();
    ctx.put(FunctionStore.class, store);
    List<FunctionWindows> busyWindows = fill(store, time, functions, busy);
    AdapterComponent adapters = new AdapterComponent(Map.of(), EngineConfig.defaults());
    adapters.start(ctx);
    AutoscalerComponent autoscaler = new AutoscalerComponent(Duration.ofSeconds(2), false);
    autoscaler.start(ctx);

    ThreadMXBean mx = ManagementFactory.getThreadMXBean();
    double[] wallMs = new double[timed];
    double[] cpuMs = new double[timed];
    for (int i = 0; i < warmup + timed; i++) {
      time.advance(Duration.ofSeconds(2));
      traffic(busyWindows, time, 2);
      long cpu0 = mx.getCurrentThreadCpuTime();
      long t0 = System.nanoTime();
      TickReport r = autoscaler.tick();
      long wall = System.nanoTime() - t0;
      long cpu = mx.getCurrentThreadCpuTime() - cpu0;
      String phase = i < warmup ? "warm-up" : "timed";
      System.out.printf(
          "tick %2d %-7s wall %8.1f ms, thread CPU %8.1f ms, %6.2f us/function"
              + " (decided %d, quiet %d, not due %d, failed %d)%n",
          i + 1,
          phase,
          wall / 1e6,
          cpu / 1e6,
          wall / 1e3 / functions,
          r.decided(),
          r.quiet(),
          r.notDue(),
          r.failed());
      if (i >= warmup) {
        wallMs[i - warmup] = wall / 1e6;
        cpuMs[i - warmup] = cpu / 1e6;
      }
    }
    Arrays.sort(wallMs);
    Arrays.sort(cpuMs);
    double median = wallMs[timed / 2];
    System.out.printf(
        "RESULT functions=%d busy=%d tick wall median %.1f ms (min %.1f, max %.1f) = %.2f us/function,"
            + " %.1f %% of the 2 s period; thread CPU median %.1f ms = %.2f us/function%n",
        functions,
        busy,
        median,
        wallMs[0],
        wallMs[timed - 1],
        median * 1000 / functions,
        median / 20,
        cpuMs[timed / 2],
        cpuMs[timed / 2] * 1000 / functions);
    autoscaler.stop();
    adapters.stop();
    vertx.close().toCompletionStage().toCompletableFuture().get();
  }

  /**
   * Every function with one invocation 30 minutes ago; the busy ones with the last 10 minutes at
   * 5/s.
   */
  private static List<FunctionWindows> fill(
      FunctionStore store, ManualTimeSource time, int functions, int busy) {
    long now = time.epochNanos();
    List<FunctionWindows> busyWindows = new ArrayList<>();
    int step = busy == 0 ? Integer.MAX_VALUE : Math.max(1, functions / busy);
    for (int i = 0; i < functions; i++) {
      FunctionKey f = FunctionKey.of(String.format("ns-%02d/fn-%06d", i % 50, i));
      FunctionWindows w = store.getOrCreate(f, Map.of(), now);
      long start = now - 1_800_000_000_000L;
      w.recordInvocation(
          new Invocation(f, start, start + 100_000_000L, false, Trigger.HTTP, false, "i-1", 0));
      if (i % step == 0 && busyWindows.size() < busy) {
        busyWindows.add(w);
      }
    }
    for (int s = 600; s >= 1; s--) {
      record(busyWindows, now - s * 1_000_000_000L);
    }
    return busyWindows;
  }

  private static void traffic(List<FunctionWindows> busy, ManualTimeSource time, int seconds) {
    long now = time.epochNanos();
    for (int s = seconds; s >= 1; s--) {
      record(busy, now - s * 1_000_000_000L);
    }
  }

  /** 5 invocations of 100 ms in the second starting at {@code second}. */
  private static void record(List<FunctionWindows> busy, long second) {
    for (FunctionWindows w : busy) {
      for (int i = 0; i < 5; i++) {
        long start = second + i * 200_000_000L;
        w.recordInvocation(
            new Invocation(
                w.function(), start, start + 100_000_000L, false, Trigger.HTTP, false, "i-1", 0));
      }
    }
  }
}
