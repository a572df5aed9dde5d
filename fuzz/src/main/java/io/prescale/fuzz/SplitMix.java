package io.prescale.fuzz;

/** The per-input seed: a SplitMix64 step over the run's seed and the input's index. */
final class SplitMix {
  private SplitMix() {}

  static long seedOf(long runSeed, long index) {
    long z = runSeed + (index + 1) * 0x9E3779B97F4A7C15L;
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
