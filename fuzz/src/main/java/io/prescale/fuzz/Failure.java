package io.prescale.fuzz;

import java.nio.file.Path;

/**
 * One failing input: where it came from (the run's seed and the input's index, or a regression
 * file), what was thrown, and where it was written (null when it was not).
 */
public record Failure(
    String target,
    long runSeed,
    long index,
    String signature,
    Throwable thrown,
    byte[] input,
    Path file) {

  /** Reproduce: {@code new Fuzzer(target, runSeed).input(index)}, or replay {@code file}. */
  @Override
  public String toString() {
    String from =
        index < 0
            ? "regression file " + file + ", " + input.length + " bytes"
            : "run seed "
                + runSeed
                + ", input #"
                + index
                + ", "
                + input.length
                + " bytes"
                + (file == null ? "" : ", kept as " + file);
    return target + ": " + signature + " (" + from + "): " + thrown;
  }
}
