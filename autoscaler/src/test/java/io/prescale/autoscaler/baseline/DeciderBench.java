package io.prescale.autoscaler.baseline;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.Decider;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.time.EpochNanos;
import io.prescale.testing.FakeObservation;
import java.util.Arrays;
import java.util.SplittableRandom;
import java.util.function.Supplier;

/**
 * Cost of one decision per baseline on the 2 s tick, single thread, over an array-backed
 * observation (so the numbers are the decider's own cost, not the windows'). Not a unit test: run
 * it by hand, record the numbers in {@code bench/RESULTS.md}.
 *
 * <pre>
 * mvn -q -B -o test-compile -pl autoscaler
 * java -cp autoscaler/target/classes:autoscaler/target/test-classes:core/target/classes \
 *     io.prescale.autoscaler.baseline.DeciderBench
 * </pre>
 */
public final class DeciderBench {
  private static final int SECONDS = 1 << 20; // about 12 days of 1 s buckets

  private DeciderBench() {}

  public static void main(String[] args) {
    FakeObservation busy = FakeObservation.ofSeconds(SECONDS).ready(3);
    SplittableRandom random = new SplittableRandom(1);
    for (int s = 0; s < SECONDS; s++) {
      busy.concurrency(s, s + 1, random.nextDouble() * 3);
      if (s % 7 == 0) {
        busy.arrivals(s, 1 + random.nextInt(3));
      }
    }
    FakeObservation idle =
        FakeObservation.ofSeconds(SECONDS).concurrency(0, 10, 1).arrivals(5, 1).ready(0);
    FunctionKey fn = FunctionKey.of("bench");
    run("kpa, busy (load every second)", () -> new KpaDecider(fn), "kpa", busy);
    run("kpa, idle at zero", () -> new KpaDecider(fn), "kpa", idle);
    run("hpa, busy", () -> new HpaDecider(fn), "hpa", busy);
    run("keda, busy", () -> new KedaDecider(fn), "keda", busy);
    run("keepalive", () -> new KeepAliveDecider(fn), "keepalive", busy);
    run("hybrid-histogram, busy", () -> new HybridHistogramDecider(fn), "hybrid-histogram", busy);
  }

  private static void run(String label, Supplier<Decider> make, String mode, FakeObservation obs) {
    DeciderSpec spec = DeciderSpec.builder().mode(mode).build();
    long[] times = new long[(SECONDS - 200) / 2];
    for (int i = 0; i < times.length; i++) {
      times[i] = EpochNanos.ofSecond(100 + 2L * i);
    }
    double[] rounds = new double[12];
    long sink = 0;
    for (int r = 0; r < rounds.length; r++) {
      Decider d = make.get();
      long t0 = System.nanoTime();
      for (long now : times) {
        sink += d.decide(spec, obs, now).desiredInstances();
      }
      rounds[r] = (System.nanoTime() - t0) / (double) times.length;
    }
    double[] measured = Arrays.copyOfRange(rounds, 4, rounds.length);
    Arrays.sort(measured);
    System.out.printf(
        "%-32s median %7.1f ns/decision, best %7.1f (%d decisions x %d rounds; %d)%n",
        label, measured[measured.length / 2], measured[0], times.length, measured.length, sink);
  }
}
