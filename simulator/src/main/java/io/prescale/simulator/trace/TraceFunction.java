package io.prescale.simulator.trace;

import io.prescale.core.FunctionKey;
import io.prescale.core.Trigger;
import java.util.Objects;

/**
 * One function of a trace.
 *
 * @param index               dense index in {@link Trace#functions()}
 * @param key                 identity ({@code app/function} hashes for Azure traces)
 * @param app                 application the function belongs to
 * @param trigger             trigger from the trace, OTHER when unknown
 * @param memoryMb            memory one instance holds, MB (from the trace, or the trace median when missing)
 * @param plannedInvocations  invocations the trace records for it (before placement)
 */
public record TraceFunction(int index, FunctionKey key, String app, Trigger trigger,
    double memoryMb, long plannedInvocations) {

  public TraceFunction {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(trigger, "trigger");
  }

  /** A short label for charts: the first 8 characters of the app and of the function. */
  public String shortLabel() {
    String v = key.value();
    int slash = v.indexOf('/');
    if (slash < 0) {
      return v.length() > 17 ? v.substring(0, 17) : v;
    }
    String a = v.substring(0, Math.min(8, slash));
    String f = v.substring(slash + 1, Math.min(v.length(), slash + 9));
    return a + "/" + f;
  }
}
