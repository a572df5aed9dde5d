package io.prescale.core;

import java.util.Objects;

/**
 * One function invocation as extracted from telemetry or replayed from a trace.
 *
 * @param function which function ran
 * @param startNanos start, nanoseconds since the Unix epoch
 * @param endNanos end, nanoseconds since the Unix epoch ({@code >= startNanos})
 * @param coldStart whether the invocation paid a cold start ({@code faas.coldstart})
 * @param trigger what started it
 * @param error span status Error or HTTP 5xx
 * @param instance execution environment id ({@code faas.instance}/{@code service.instance.id}), may
 *     be null
 * @param memoryBytes configured memory of the instance ({@code faas.max_memory}), 0 when unknown
 */
public record Invocation(
    FunctionKey function,
    long startNanos,
    long endNanos,
    boolean coldStart,
    Trigger trigger,
    boolean error,
    String instance,
    long memoryBytes) {

  public Invocation {
    Objects.requireNonNull(function, "function");
    Objects.requireNonNull(trigger, "trigger");
    if (endNanos < startNanos) {
      throw new IllegalArgumentException(
          "invocation end " + endNanos + " is before its start " + startNanos);
    }
    if (memoryBytes < 0) {
      throw new IllegalArgumentException("memoryBytes = " + memoryBytes + ", must be >= 0");
    }
  }

  public long durationNanos() {
    return endNanos - startNanos;
  }
}
