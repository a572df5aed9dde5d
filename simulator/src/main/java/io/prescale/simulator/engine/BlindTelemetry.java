package io.prescale.simulator.engine;

import io.prescale.collector.window.FunctionWindows;
import io.prescale.collector.window.WindowConfig;
import io.prescale.core.FunctionKey;
import io.prescale.core.Invocation;
import io.prescale.core.observe.Observation;
import java.time.Duration;

/**
 * Telemetry for deciders whose decision ignores traffic (keepalive, fixed, off): writes are dropped
 * and every view is of an empty window. Used only with quiescence skipping on; the skip-equivalence
 * test shows the reports are identical to those with the real windows.
 */
final class BlindTelemetry implements FunctionTelemetry {
  static final FunctionTelemetry.Factory FACTORY = BlindTelemetry::new;
  private static final WindowConfig SMALL =
      WindowConfig.defaults()
          .withLateness(Duration.ZERO)
          .withRetainedSeconds(60)
          .withRetainedMinutes(60);

  private final FunctionWindows empty;

  private BlindTelemetry(FunctionKey key) {
    this.empty = new FunctionWindows(key, SMALL);
  }

  @Override
  public void recordInvocation(Invocation invocation) {}

  @Override
  public void recordConcurrency(long epochSecond, double meanInFlight) {}

  @Override
  public Observation view(int readyInstances, long nowNanos) {
    return empty.view(readyInstances, nowNanos);
  }
}
