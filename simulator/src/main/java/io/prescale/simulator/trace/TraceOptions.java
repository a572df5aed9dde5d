package io.prescale.simulator.trace;

import java.time.Duration;
import java.util.Objects;

/**
 * Reader settings for what a trace does not say.
 *
 * @param defaultMemoryMb memory per instance when the trace has none (Azure 2021, timestamp files)
 * @param requestDuration duration of each request when a timestamp file has no duration column
 */
public record TraceOptions(double defaultMemoryMb, Duration requestDuration) {
  public static final TraceOptions DEFAULTS = new TraceOptions(128, Duration.ofSeconds(1));

  public TraceOptions {
    Objects.requireNonNull(requestDuration, "requestDuration");
    if (!(defaultMemoryMb >= 0)) {
      throw new IllegalArgumentException(
          "defaultMemoryMb = " + defaultMemoryMb + ", must be in [0; inf)");
    }
    if (requestDuration.isNegative()) {
      throw new IllegalArgumentException(
          "requestDuration = " + requestDuration + ", must be in [0s; inf)");
    }
  }
}
