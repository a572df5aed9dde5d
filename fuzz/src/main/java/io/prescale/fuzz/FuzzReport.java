package io.prescale.fuzz;

import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * What one pass over a target did.
 *
 * @param exceptionsByClass failures by the class of what was thrown (empty: none)
 * @param outcomes inputs by the outcome the target reported (e.g. 200, 400)
 * @param failures the first failure of each distinct signature
 * @param maxHeapUsedBytes the largest heap in use seen while the pass ran (sampled, garbage
 *     included)
 * @param maxHeapAfterGcBytes the largest heap in use right after a collection (what was kept alive)
 * @param maxInputAllocBytes the most one input allocated on the fuzzing thread
 * @param maxInputNanos the slowest input
 */
public record FuzzReport(
    String target,
    long runSeed,
    long inputs,
    long nanos,
    Map<String, Long> exceptionsByClass,
    Map<String, Long> outcomes,
    List<Failure> failures,
    long maxHeapUsedBytes,
    long maxHeapAfterGcBytes,
    long maxInputAllocBytes,
    long maxInputNanos) {

  public long failureCount() {
    return exceptionsByClass.values().stream().mapToLong(Long::longValue).sum();
  }

  /** One line for the console and bench/RESULTS.md. */
  public String line() {
    return String.format(
        Locale.ROOT,
        "%-20s inputs %,10d  failures %,6d %s  time %7.1f s (%,.0f/s)  heap max used %,5d MiB, after GC %,4d MiB  max alloc/input %,7d KiB"
            + "  slowest input %,6.1f ms  outcomes %s",
        target,
        inputs,
        failureCount(),
        exceptionsByClass.isEmpty() ? "" : exceptionsByClass.toString(),
        nanos / 1e9,
        inputs / Math.max(1e-9, nanos / 1e9),
        maxHeapUsedBytes >> 20,
        maxHeapAfterGcBytes >> 20,
        maxInputAllocBytes >> 10,
        maxInputNanos / 1e6,
        outcomes);
  }
}
