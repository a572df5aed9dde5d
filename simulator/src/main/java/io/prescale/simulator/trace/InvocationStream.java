package io.prescale.simulator.trace;

/**
 * Invocations of every function of a trace in arrival order (ties by function index), generated
 * lazily. Cursor style, so no object is allocated per invocation: {@code while (s.next())
 * use(s.function(), s.arrivalNanos(), s.durationNanos());}
 */
public interface InvocationStream extends AutoCloseable {

  /** Moves to the next invocation; false at the end. */
  boolean next();

  /** Index of the current invocation's function in {@link Trace#functions()}. */
  int function();

  /** Arrival, nanoseconds since the epoch. */
  long arrivalNanos();

  /** Execution duration, nanoseconds. */
  long durationNanos();

  @Override
  default void close() {}
}
