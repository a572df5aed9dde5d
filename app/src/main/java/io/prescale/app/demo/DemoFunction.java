package io.prescale.app.demo;

import java.util.Objects;

/**
 * One emulated function.
 *
 * @param namespace reported as {@code k8s.namespace.name}; the collector keys it {@code
 *     namespace/name}
 * @param name reported as {@code faas.name} and {@code service.name}
 * @param trigger {@code faas.trigger}: http, timer, pubsub, datasource or other
 * @param meanDurationMs mean execution time (exponentially distributed around it, at least 1 ms)
 * @param coldStartMs time from starting an instance until it serves
 */
record DemoFunction(
    String namespace, String name, String trigger, double meanDurationMs, long coldStartMs) {

  DemoFunction {
    Objects.requireNonNull(namespace, "namespace");
    Objects.requireNonNull(name, "name");
    Objects.requireNonNull(trigger, "trigger");
    if (!(meanDurationMs > 0)) {
      throw new IllegalArgumentException("meanDurationMs = " + meanDurationMs + ", must be > 0");
    }
    if (coldStartMs < 0) {
      throw new IllegalArgumentException("coldStartMs = " + coldStartMs + ", must be >= 0");
    }
  }

  /** The key the collector gives this function: {@code namespace/name}. */
  String key() {
    return namespace.isEmpty() ? name : namespace + "/" + name;
  }
}
