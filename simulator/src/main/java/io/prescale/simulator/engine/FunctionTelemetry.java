package io.prescale.simulator.engine;

import io.prescale.collector.window.FunctionWindows;
import io.prescale.collector.window.WindowConfig;
import io.prescale.core.FunctionKey;
import io.prescale.core.Invocation;
import io.prescale.core.observe.Observation;

/**
 * What the simulator writes about one function and what its decider reads back. Production: the
 * collector's {@link FunctionWindows} (the same class {@code prescale run} feeds from OTLP). The
 * seam exists so tests can watch every write against the virtual clock.
 */
public interface FunctionTelemetry {

  /** A finished invocation, written when the clock reaches its end. */
  void recordInvocation(Invocation invocation);

  /** Live mean in-flight requests of a completed second (queue-proxy / activator report). */
  void recordConcurrency(long epochSecond, double meanInFlight);

  /**
   * How long a cold start took, reported with the request it delayed (as Lambda's "Init Duration"
   * and the {@code faas.init_duration} metric report it).
   */
  default void recordInitDuration(double seconds, long atNanos) {}

  /** What a decision at {@code nowNanos} may see. */
  Observation view(int readyInstances, long nowNanos);

  /** Makes one telemetry per function. */
  @FunctionalInterface
  interface Factory {
    FunctionTelemetry create(FunctionKey function);
  }

  /** The collector's windows with the given sizes. */
  static Factory collectorWindows(WindowConfig config) {
    return key -> {
      FunctionWindows w = new FunctionWindows(key, config);
      return new FunctionTelemetry() {
        @Override
        public void recordInvocation(Invocation invocation) {
          // every second an invocation covers is also reported as a live sample (ConcurrencyMeter)
          // before any decision reads it, and samples replace the span's in-flight time
          w.recordSampledInvocation(invocation);
        }

        @Override
        public void recordConcurrency(long epochSecond, double meanInFlight) {
          w.recordConcurrency(epochSecond, meanInFlight);
        }

        @Override
        public void recordInitDuration(double seconds, long atNanos) {
          w.recordInitDurations(seconds, 1, atNanos);
        }

        @Override
        public Observation view(int readyInstances, long nowNanos) {
          return w.view(readyInstances, nowNanos);
        }
      };
    };
  }
}
