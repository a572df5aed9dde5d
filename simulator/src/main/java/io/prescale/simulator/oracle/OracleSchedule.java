package io.prescale.simulator.oracle;

/**
 * The instance schedule an oracle chose, one call per instance start and stop (not in time order: a
 * pre-warm is decided when its request is seen, a cold-start delay earlier). Tests replay it into
 * the platform pools to check the oracle's accounting against theirs.
 */
public interface OracleSchedule {
  OracleSchedule NONE = new OracleSchedule() {};

  /**
   * An instance of function {@code fn} starts at {@code atNanos} (ready a cold-start delay later).
   */
  default void started(int fn, long atNanos) {}

  /** An idle instance of function {@code fn} stops at {@code atNanos}. */
  default void stopped(int fn, long atNanos) {}
}
