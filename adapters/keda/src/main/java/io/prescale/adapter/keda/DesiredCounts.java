package io.prescale.adapter.keda;

import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;

/**
 * The desired instance counts the scaler serves, keyed by ScaledObject ({@code namespace/name}) and
 * by function key; listeners (StreamIsActive streams) hear every change. Thread-safe.
 */
final class DesiredCounts {
  private final Map<String, Integer> values = new ConcurrentHashMap<>();
  private final Map<String, List<IntConsumer>> listeners = new ConcurrentHashMap<>();

  static String scaledObjectKey(String namespace, String name) {
    return "so:" + (namespace == null || namespace.isEmpty() ? "default" : namespace) + "/" + name;
  }

  static String functionKey(String function) {
    return "fn:" + function;
  }

  /** Sets {@code key} to {@code desired}; returns the previous value, -1 when there was none. */
  int set(String key, int desired) {
    Integer before = values.put(key, desired);
    if (before == null || before != desired) {
      for (IntConsumer l : listeners.getOrDefault(key, List.of())) {
        l.accept(desired);
      }
    }
    return before == null ? -1 : before;
  }

  /** The value, -1 when nothing was set. */
  int get(String key) {
    Integer v = values.get(key);
    return v == null ? -1 : v;
  }

  Runnable listen(String key, IntConsumer listener) {
    List<IntConsumer> list = listeners.computeIfAbsent(key, k -> new CopyOnWriteArrayList<>());
    list.add(listener);
    return () -> list.remove(listener);
  }
}
