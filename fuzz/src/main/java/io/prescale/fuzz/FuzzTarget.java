package io.prescale.fuzz;

import java.util.List;

/**
 * One decoder under test. {@link #check} feeds it one input and returns normally when the decoder
 * kept its contract (it decoded, or refused the way it documents); anything thrown, including an
 * {@link AssertionError} from a violated property, is a failure.
 */
public interface FuzzTarget {
  /** Short name: the regression folder and the report row. */
  String name();

  /** Valid inputs the mutations start from (built in code, never empty). */
  List<byte[]> seeds();

  /** One mutation of {@code input}; {@code m} has the random source and the corpus. */
  byte[] mutate(Mutations m, byte[] input);

  /**
   * Runs one input; throws when a property is violated. Returns the outcome's label (such as {@code
   * 200}, {@code 400}, {@code restored}, {@code refused}) for the report.
   */
  String check(byte[] input) throws Exception;

  /** Heap the target may allocate for one input of {@code length} bytes. */
  default long allocationBound(int length) {
    return (64L << 20) + 200L * length;
  }

  /**
   * Longer than this for one input is a failure (a hang, or close to one); generous for slow
   * machines.
   */
  default long timeLimitNanos() {
    return 5_000_000_000L;
  }
}
