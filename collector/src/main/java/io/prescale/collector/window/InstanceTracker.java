package io.prescale.collector.window;

import java.util.LinkedHashMap;
import java.util.Map;

/**
 * Distinct execution environments ({@code faas.instance}) seen recently, at most {@code max}
 * remembered (least recently seen forgotten first). Not thread-safe: {@link FunctionWindows} locks.
 */
final class InstanceTracker {
  private final int max;
  private final long windowNanos;
  private LinkedHashMap<String, long[]> lastSeen;

  InstanceTracker(int max, long windowNanos) {
    this.max = max;
    this.windowNanos = windowNanos;
  }

  void seen(String instance, long atNanos) {
    if (instance == null || instance.isEmpty()) {
      return;
    }
    if (lastSeen == null) {
      lastSeen = new LinkedHashMap<>(8, 0.75f, true) {
        @Override
        protected boolean removeEldestEntry(Map.Entry<String, long[]> eldest) {
          return size() > max;
        }
      };
    }
    long[] at = lastSeen.get(instance);
    if (at == null) {
      lastSeen.put(instance, new long[] {atNanos});
    } else if (atNanos > at[0]) {
      at[0] = atNanos;
    }
  }

  /** Instances seen within the window before {@code nowNanos}. */
  int live(long nowNanos) {
    if (lastSeen == null) {
      return 0;
    }
    int n = 0;
    for (long[] at : lastSeen.values()) {
      if (at[0] > nowNanos - windowNanos) {
        n++;
      }
    }
    return n;
  }

  /** Forgets instances not seen within the window. */
  void trim(long nowNanos) {
    if (lastSeen != null) {
      lastSeen.values().removeIf(at -> at[0] <= nowNanos - windowNanos);
      if (lastSeen.isEmpty()) {
        lastSeen = null;
      }
    }
  }

  /** Every remembered instance and when last seen, least recently seen first (snapshot seam). */
  void forEach(java.util.function.ObjLongConsumer<String> action) {
    if (lastSeen != null) {
      for (Map.Entry<String, long[]> e : lastSeen.entrySet()) {
        action.accept(e.getKey(), e.getValue()[0]);
      }
    }
  }

  int max() {
    return max;
  }
}
