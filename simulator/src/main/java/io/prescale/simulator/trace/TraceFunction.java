package io.prescale.simulator.trace;

import io.prescale.core.FunctionKey;
import io.prescale.core.Trigger;
import java.util.LinkedHashMap;
import java.util.Locale;
import java.util.Map;
import java.util.Objects;

/**
 * One function of a trace.
 *
 * @param index dense index in {@link Trace#functions()}
 * @param key identity ({@code app/function} hashes for Azure traces)
 * @param app application the function belongs to
 * @param trigger trigger from the trace, OTHER when unknown
 * @param memoryMb memory one instance holds, MB (from the trace, or the trace median when missing)
 * @param plannedInvocations invocations the trace records for it (before placement)
 * @param labels what the trace knows about the function, as resource labels a policy rule's {@code
 *     match.labels} can test (see {@link #labelsOf})
 */
public record TraceFunction(
    int index,
    FunctionKey key,
    String app,
    Trigger trigger,
    double memoryMb,
    long plannedInvocations,
    Map<String, String> labels) {

  public TraceFunction {
    Objects.requireNonNull(key, "key");
    Objects.requireNonNull(app, "app");
    Objects.requireNonNull(trigger, "trigger");
    labels = Map.copyOf(labels);
  }

  /** A function with the labels its key and app give ({@code app}, {@code function}). */
  public TraceFunction(
      int index,
      FunctionKey key,
      String app,
      Trigger trigger,
      double memoryMb,
      long plannedInvocations) {
    this(index, key, app, trigger, memoryMb, plannedInvocations, labelsOf(key, app, null, null));
  }

  /**
   * The labels of a trace function: {@code app} (the app, when known), {@code function} (the part
   * of the key after the first {@code /}, else the key), and for traces that record them (Azure
   * 2019) {@code owner} (HashOwner), {@code trigger} (the trace's own trigger name, lower case:
   * http, timer, queue, event, storage, orchestration, others) and {@code faas.trigger} (the
   * OpenTelemetry value it maps to: http, timer, pubsub, datasource, other).
   *
   * @param rawTrigger the trace's trigger column, or null/blank when it has none
   * @param owner the owner hash, or null/blank when the trace has none
   */
  public static Map<String, String> labelsOf(
      FunctionKey key, String app, String rawTrigger, String owner) {
    Map<String, String> out = new LinkedHashMap<>();
    if (app != null && !app.isBlank()) {
      out.put("app", app.trim());
    }
    String v = key.value();
    int slash = v.indexOf('/');
    out.put("function", slash < 0 || slash == v.length() - 1 ? v : v.substring(slash + 1));
    if (owner != null && !owner.isBlank()) {
      out.put("owner", owner.trim());
    }
    if (rawTrigger != null && !rawTrigger.isBlank()) {
      out.put("trigger", rawTrigger.trim().toLowerCase(Locale.ROOT));
      out.put("faas.trigger", Trigger.parse(rawTrigger).wireName());
    }
    return out;
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
