package io.prescale.collector.window;

import io.prescale.core.FunctionKey;
import io.prescale.core.Invocation;
import io.prescale.core.Trigger;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.Random;

/**
 * Benchmark main (not a test): heap bytes per tracked function for several traffic profiles, and
 * the cost of {@link FunctionWindows#recordInvocation}. Run from {@code collector/}: {@code java
 * -Xmx3g -cp target/classes:target/test-classes:$(cat target/cp.txt)
 * io.prescale.collector.window.WindowsBench} (see bench/RESULTS.md).
 */
public final class WindowsBench {
  private static final long S = 1_000_000_000L;
  private static final long T0 = 1_800_000_000L * S;
  private static final long DAY = 86_400L;

  private WindowsBench() {}

  interface Profile {
    void fill(FunctionWindows w);
  }

  public static void main(String[] args) {
    System.out.printf(
        "JDK %s, %d CPUs, max heap %d MiB%n",
        System.getProperty("java.version"),
        Runtime.getRuntime().availableProcessors(),
        Runtime.getRuntime().maxMemory() >> 20);
    if (args.length > 0 && args[0].equals("speed")) {
      speed();
      return;
    }
    only = args.length > 0 ? args[0] : null;
    memory("tracked, no data yet", 20_000, w -> {});
    memory("one invocation", 20_000, w -> record(w, T0, T0 + S / 10));
    memory(
        "sparse: 1 invocation / 10 min for 7 days",
        2_000,
        w -> {
          for (long t = 0; t < 7 * DAY; t += 600) {
            record(w, T0 + t * S, T0 + t * S + S / 5);
          }
        });
    memory(
        "hourly: 1 invocation / hour for 7 days",
        2_000,
        w -> {
          for (long t = 0; t < 7 * DAY; t += 3600) {
            record(w, T0 + t * S, T0 + t * S + S / 5);
          }
        });
    memory(
        "every minute for 7 days (7 days of minutes)",
        200,
        w -> {
          for (long t = 0; t < 7 * DAY; t += 60) {
            record(w, T0 + t * S, T0 + t * S + S / 5);
          }
        });
    memory(
        "busy: ~20/min, random durations, cold, errors, 7 days",
        300,
        w -> {
          Random rnd = new Random(w.function().hashCode());
          for (long t = 0; t < 7 * DAY * S; t += (long) (-Math.log(1 - rnd.nextDouble()) * 3 * S)) {
            long start = T0 + t;
            long duration = (long) (-Math.log(1 - rnd.nextDouble()) * 0.2 * S);
            w.recordInvocation(
                new Invocation(
                    w.function(),
                    start,
                    start + duration,
                    rnd.nextInt(50) == 0,
                    Trigger.HTTP,
                    rnd.nextInt(100) == 0,
                    "i-" + rnd.nextInt(8),
                    0));
          }
        });
    memory(
        "every second for 7 days (all minutes + all seconds)",
        50,
        w -> {
          for (long t = 0; t < 7 * DAY; t++) {
            record(w, T0 + t * S, T0 + t * S + S / 5);
          }
        });
    if (only == null) {
      speed();
    }
  }

  private static void record(FunctionWindows w, long start, long end) {
    w.recordInvocation(
        new Invocation(w.function(), start, end, false, Trigger.HTTP, false, "i-1", 0));
  }

  private static String only;

  private static void memory(String name, int n, Profile profile) {
    if (only != null && !name.startsWith(only)) {
      return;
    }
    List<FunctionStore> keep = new ArrayList<>();
    long windowBytes = 0;
    // warm-up: one function of the profile first, so one-time costs are not per-function memory
    // (the busy profile's first function loads classes and bootstraps string concatenation:
    // ~1.4 MB of heap, which at N = 300 read as ~4.6 KiB per function)
    FunctionWindows warm =
        new FunctionStore(StoreConfig.defaults(), WindowConfig.defaults())
            .getOrCreate(FunctionKey.of("warm-up"), Map.of(), T0);
    profile.fill(warm);
    warm.trim(T0 + 7 * DAY * S);
    warm = null;
    long before = used();
    FunctionStore store = new FunctionStore(StoreConfig.defaults(), WindowConfig.defaults());
    keep.add(store);
    for (int i = 0; i < n; i++) {
      FunctionWindows w =
          store.getOrCreate(
              FunctionKey.of("ns-" + (i % 50) + "/function-" + i),
              Map.of("k8s.namespace.name", "ns-" + (i % 50)),
              T0);
      profile.fill(w);
      w.trim(T0 + 7 * DAY * S);
      windowBytes += w.bucketBytes();
    }
    long after = used();
    long perFunction = (after - before) / n;
    System.out.printf(
        "%-55s %6d functions: %8d bytes/function (%.1f KiB; buckets %.1f KiB)%n",
        name, n, perFunction, perFunction / 1024.0, windowBytes / 1024.0 / n);
    keep.clear();
  }

  private static void speed() {
    FunctionWindows w = new FunctionWindows(FunctionKey.of("hot"), WindowConfig.defaults());
    int n = 20_000_000;
    Invocation[] batch = new Invocation[1_000_000];
    for (int round = 0; round < 3; round++) {
      long base = T0 + (long) round * n / 1_000_000 * S;
      long elapsed = 0;
      for (int off = 0; off < n; off += batch.length) {
        for (int i = 0; i < batch.length; i++) {
          long start = base + (long) (off + i) * 1_000; // 1M invocations per second of data time
          batch[i] =
              new Invocation(
                  w.function(),
                  start,
                  start + 50_000_000L,
                  (i & 1023) == 0,
                  Trigger.HTTP,
                  (i & 255) == 0,
                  "i-" + (i & 63),
                  0);
        }
        long t0 = System.nanoTime();
        for (Invocation inv : batch) {
          w.recordInvocation(inv);
        }
        elapsed += System.nanoTime() - t0;
      }
      System.out.printf(
          "recordInvocation, 50 ms invocations at 1M/s of data time, round %d: %.0f ns/op%n",
          round + 1, elapsed / (double) n);
    }
  }

  private static long used() {
    Runtime rt = Runtime.getRuntime();
    for (int i = 0; i < 4; i++) {
      System.gc();
      try {
        Thread.sleep(100);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
    return rt.totalMemory() - rt.freeMemory();
  }
}
