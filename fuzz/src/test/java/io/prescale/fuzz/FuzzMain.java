package io.prescale.fuzz;

import io.prescale.cluster.ClusterFuzzTargets;
import io.prescale.collector.lambda.LambdaFuzzTargets;
import io.prescale.collector.openwhisk.ActivationFuzzTargets;
import io.prescale.collector.otlp.OtlpFuzzTargets;
import io.prescale.collector.scrape.ExpositionFuzzTargets;
import io.prescale.collector.snapshot.SnapshotFuzzTargets;
import io.prescale.policy.PolicyFuzzTargets;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * The long pass (bench/run-fuzz.sh): {@code FuzzMain INPUTS_PER_TARGET [SEED] [TARGET...]}, or
 * {@code FuzzMain keep TARGET SEED INDEX...} to keep given inputs of a run as regression cases.
 * Runs every target (or the named ones), prints one line per target and a Markdown table, and keeps
 * the first failing input of each distinct failure in the regression folder ({@code
 * -Dprescale.fuzz.regressions}, default {@code fuzz/src/test/resources/fuzz-regressions}). Exit
 * code 1 when anything failed.
 */
public final class FuzzMain {
  private FuzzMain() {}

  /**
   * {@code keep TARGET SEED INDEX...}: writes those inputs of that run to the regression folder.
   */
  private static void keep(String[] args) throws Exception {
    RegressionCorpus keep =
        new RegressionCorpus(
            Path.of(
                System.getProperty("prescale.fuzz.regressions", "fuzz/" + ShortPass.REGRESSIONS)));
    FuzzTarget target =
        all().stream().filter(t -> t.name().equals(args[1])).findFirst().orElseThrow();
    Fuzzer f = new Fuzzer(target, Long.parseLong(args[2]));
    for (int i = 3; i < args.length; i++) {
      System.out.println(keep.keep(target.name(), f.input(Long.parseLong(args[i]))));
    }
  }

  static List<FuzzTarget> all() {
    List<FuzzTarget> l = new ArrayList<>(OtlpFuzzTargets.decoders());
    l.add(OtlpFuzzTargets.grpcFraming());
    l.add(LambdaFuzzTargets.lambda());
    l.add(SnapshotFuzzTargets.snapshot());
    l.add(PolicyFuzzTargets.policy());
    l.add(ActivationFuzzTargets.activations());
    l.add(ExpositionFuzzTargets.exposition());
    l.add(ClusterFuzzTargets.records());
    return l;
  }

  public static void main(String[] args) throws Exception {
    if (args.length > 0 && args[0].equals("keep")) {
      keep(args);
      return;
    }
    long inputs = args.length > 0 ? Long.parseLong(args[0].replace("_", "")) : 100_000;
    long seed = args.length > 1 ? Long.parseLong(args[1]) : System.currentTimeMillis();
    List<String> only = args.length > 2 ? List.of(args).subList(2, args.length) : List.of();
    RegressionCorpus keep =
        new RegressionCorpus(
            Path.of(
                System.getProperty("prescale.fuzz.regressions", "fuzz/" + ShortPass.REGRESSIONS)));
    System.out.printf(
        "fuzz: seed %d, %,d inputs per target, regressions in %s, max heap %d MiB%n",
        seed, inputs, keep.dir().toAbsolutePath(), Runtime.getRuntime().maxMemory() >> 20);
    List<FuzzReport> reports = new ArrayList<>();
    long failures = 0;
    for (FuzzTarget t : all()) {
      if (!only.isEmpty() && !only.contains(t.name())) {
        continue;
      }
      System.gc(); // so that the heap after GC is this target's, not the previous one's
      List<Failure> replayed = keep.replay(t);
      for (Failure f : replayed) {
        System.out.println("  REGRESSION " + f);
      }
      FuzzReport r = new Fuzzer(t, seed).run(inputs, keep);
      System.out.println(r.line());
      for (Failure f : r.failures()) {
        System.out.println("  FAILURE " + f);
      }
      failures += r.failureCount() + replayed.size();
      reports.add(r);
    }
    System.out.println();
    System.out.println(
        "| target | inputs | failures (by class) | time | inputs/s | heap max used / after GC | max alloc/input | slowest input | outcomes |");
    System.out.println("|---|---:|---|---:|---:|---:|---:|---:|---|");
    long total = 0;
    long nanos = 0;
    for (FuzzReport r : reports) {
      total += r.inputs();
      nanos += r.nanos();
      System.out.printf(
          Locale.ROOT,
          "| %s | %,d | %d %s | %.1f s | %,.0f | %d / %d MiB | %,d KiB | %.1f ms | %s |%n",
          r.target(),
          r.inputs(),
          r.failureCount(),
          r.exceptionsByClass().isEmpty() ? "" : r.exceptionsByClass(),
          r.nanos() / 1e9,
          r.inputs() / (r.nanos() / 1e9),
          r.maxHeapUsedBytes() >> 20,
          r.maxHeapAfterGcBytes() >> 20,
          r.maxInputAllocBytes() >> 10,
          r.maxInputNanos() / 1e6,
          r.outcomes());
    }
    System.out.printf(
        Locale.ROOT,
        "| **total** | **%,d** | **%d** | %.1f s | | | | | |%n",
        total,
        failures,
        nanos / 1e9);
    System.exit(failures == 0 ? 0 : 1);
  }
}
