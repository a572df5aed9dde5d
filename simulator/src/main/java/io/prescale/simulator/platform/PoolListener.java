package io.prescale.simulator.platform;

/**
 * What a pool tells the simulation, always in time order and at the event's own time. Lifecycle
 * hooks default to nothing.
 */
public interface PoolListener {

  /** A request begins executing at {@code startNanos}; {@code cold}: it found no warm instance. */
  void dispatched(long arrivalNanos, long startNanos, boolean cold);

  /** A request finished at {@code endNanos} (reported when the clock reaches its end). */
  void completed(long arrivalNanos, long startNanos, long endNanos, boolean cold, int instance);

  /** Instances (starting + ready) changed to {@code count} at {@code atNanos}. */
  default void instances(long atNanos, int count) {}

  /** Instance lifecycle: start, ready, busy, idle, stop. */
  default void lifecycle(Lifecycle event, int instance, long atNanos) {}

  /** Lifecycle events of one instance. */
  enum Lifecycle {
    START,
    READY,
    BUSY,
    IDLE,
    STOP
  }
}
