package io.prescale.fuzz;

import java.io.IOException;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Random;
import java.util.TreeMap;

/**
 * Seeded passes over one target. Input {@code i} of a run with seed {@code s} is one corpus seed
 * with 1 to 5 stacked mutations, drawn from a random source seeded with {@code (s, i)} alone, so
 * {@link #input} regenerates any input without running the ones before it.
 */
public final class Fuzzer {
  private final FuzzTarget target;
  private final long runSeed;
  private final List<byte[]> corpus;

  public Fuzzer(FuzzTarget target, long runSeed) {
    this.target = target;
    this.runSeed = runSeed;
    this.corpus = List.copyOf(target.seeds());
    if (corpus.isEmpty()) {
      throw new IllegalArgumentException(target.name() + " has no seeds");
    }
  }

  /** Input {@code index} of this run. */
  public byte[] input(long index) {
    Random r = new Random(SplitMix.seedOf(runSeed, index));
    Mutations m = new Mutations(r, corpus);
    byte[] in = corpus.get(r.nextInt(corpus.size()));
    if (r.nextInt(64) == 0) {
      return in; // the seeds themselves must pass
    }
    int n = 1;
    while (n < 5 && r.nextInt(3) == 0) {
      n++;
    }
    for (int i = 0; i < n; i++) {
      in = target.mutate(m, in);
    }
    return in;
  }

  /**
   * Runs {@code inputs} inputs; the first failing input of each signature is kept in {@code keep}
   * (null: kept nowhere).
   */
  public FuzzReport run(long inputs, RegressionCorpus keep) throws IOException {
    Map<String, Long> byClass = new TreeMap<>();
    Map<String, Long> outcomes = new TreeMap<>();
    Map<String, Failure> first = new LinkedHashMap<>();
    HeapSampler heap = new HeapSampler();
    long maxAlloc = 0;
    long maxNanos = 0;
    long t0 = System.nanoTime();
    for (long i = 0; i < inputs; i++) {
      byte[] in = input(i);
      Trial t = Trial.run(target, in);
      maxAlloc = Math.max(maxAlloc, t.allocated);
      maxNanos = Math.max(maxNanos, t.nanos);
      if ((i & 127) == 0) {
        heap.sample();
      }
      if (t.thrown == null) {
        outcomes.merge(t.outcome == null ? "ok" : t.outcome, 1L, Long::sum);
        continue;
      }
      byClass.merge(t.thrown.getClass().getName(), 1L, Long::sum);
      String sig = Signatures.of(t.thrown);
      if (!first.containsKey(sig)) {
        Path file = keep == null ? null : keep.keep(target.name(), in);
        first.put(sig, new Failure(target.name(), runSeed, i, sig, t.thrown, in, file));
      }
    }
    heap.sample();
    return new FuzzReport(
        target.name(),
        runSeed,
        inputs,
        System.nanoTime() - t0,
        byClass,
        outcomes,
        new ArrayList<>(first.values()),
        heap.maxUsed,
        heap.maxAfterGc,
        maxAlloc,
        maxNanos);
  }
}
