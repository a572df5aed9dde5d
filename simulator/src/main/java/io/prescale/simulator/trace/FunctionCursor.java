package io.prescale.simulator.trace;

/** The invocations of one function in arrival order, generated lazily. */
abstract class FunctionCursor {
  final int function;
  long arrival;
  long duration;

  FunctionCursor(int function) {
    this.function = function;
  }

  /**
   * Moves to the next invocation, setting {@link #arrival} and {@link #duration}; false at the end.
   */
  abstract boolean advance();

  /**
   * A seed for one function derived from the run seed and the function's key (not its position).
   */
  static long functionSeed(long seed, String key) {
    long z = seed * 0x9E3779B97F4A7C15L + key.hashCode() * 0xC2B2AE3D27D4EB4FL + key.length();
    z = (z ^ (z >>> 30)) * 0xBF58476D1CE4E5B9L;
    z = (z ^ (z >>> 27)) * 0x94D049BB133111EBL;
    return z ^ (z >>> 31);
  }
}
