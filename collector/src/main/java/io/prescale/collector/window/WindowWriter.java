package io.prescale.collector.window;

import io.prescale.core.FunctionKey;
import io.prescale.core.Invocation;

/**
 * What the extractors write for one function: its {@link FunctionWindows} in this process, or (in
 * cluster mode) a record for the replica that owns the function, which applies the same calls to
 * its windows. Every method's meaning is the one {@link FunctionWindows} documents; a writer that
 * forwards cannot know the owner's answer and returns true (the owner counts what it drops in the
 * function's late-dropped total).
 */
public interface WindowWriter {
  FunctionKey function();

  WindowConfig config();

  boolean recordInvocation(Invocation invocation);

  boolean recordCounts(
      long timeNanos, long invocations, long errors, long coldStarts, long timeouts);

  boolean recordConcurrency(long epochSecond, double meanInFlight);

  boolean recordInflight(long fromNanos, long toNanos, double inflightSeconds);

  void recordDurations(double seconds, long count, long atNanos);

  void recordInitDurations(double seconds, long count, long atNanos);

  /**
   * Notes that {@code instance} served at {@code atNanos}; when it is new and {@code
   * coldStartIfNew}, counts one cold start at {@code atNanos}. False only when that cold start was
   * too late to count.
   */
  boolean recordInstance(String instance, long atNanos, boolean coldStartIfNew);

  void recordPlatformInstances(long count, long atNanos);
}
