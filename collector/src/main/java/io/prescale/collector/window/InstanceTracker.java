package io.prescale.collector.window;

import java.util.Arrays;

/**
 * Distinct execution environments ({@code faas.instance}) seen recently, at most {@code max}
 * remembered (least recently seen forgotten first). Not thread-safe: {@link FunctionWindows} locks.
 *
 * <p>Parallel arrays, not a map: per instance its id, when it was last seen (data time) and an
 * access stamp (larger = seen more recently, whatever the data time: the order of an
 * access-ordered {@link java.util.LinkedHashMap}), ~20 bytes besides the id instead of ~64. A
 * lookup compares cached hash codes before ids, so even {@code max} instances scan quickly; the
 * arrays are released when every instance expired.
 */
final class InstanceTracker {
  private static final int MIN_CAPACITY = 4;

  private final int max;
  private final long windowNanos;
  private Entries entries; // null when none: a function without instances pays one reference

  /** The remembered instances, in parallel arrays. */
  private static final class Entries {
    String[] ids;
    long[] lastSeen;
    long[] stamps;
    int size;
    long clock;
  }

  InstanceTracker(int max, long windowNanos) {
    this.max = max;
    this.windowNanos = windowNanos;
  }

  void seen(String instance, long atNanos) {
    if (instance == null || instance.isEmpty()) {
      return;
    }
    Entries e = entries;
    if (e == null) {
      e = new Entries();
      int capacity = Math.min(MIN_CAPACITY, max);
      e.ids = new String[capacity];
      e.lastSeen = new long[capacity];
      e.stamps = new long[capacity];
      entries = e;
    }
    int h = instance.hashCode();
    for (int i = 0; i < e.size; i++) {
      String id = e.ids[i];
      if (id.hashCode() == h && id.equals(instance)) {
        e.stamps[i] = ++e.clock;
        if (atNanos > e.lastSeen[i]) {
          e.lastSeen[i] = atNanos;
        }
        return;
      }
    }
    int i;
    if (e.size == max) {
      i = leastRecent(e); // forgotten for the new one
    } else {
      if (e.size == e.ids.length) {
        grow(e);
      }
      i = e.size++;
    }
    e.ids[i] = instance;
    e.lastSeen[i] = atNanos;
    e.stamps[i] = ++e.clock;
  }

  /** Instances seen within the window before {@code nowNanos}. */
  int live(long nowNanos) {
    Entries e = entries;
    int n = 0;
    for (int i = 0; e != null && i < e.size; i++) {
      if (e.lastSeen[i] > nowNanos - windowNanos) {
        n++;
      }
    }
    return n;
  }

  /** Forgets instances not seen within the window. */
  void trim(long nowNanos) {
    Entries e = entries;
    if (e == null) {
      return;
    }
    int kept = 0;
    for (int i = 0; i < e.size; i++) {
      if (e.lastSeen[i] > nowNanos - windowNanos) {
        e.ids[kept] = e.ids[i];
        e.lastSeen[kept] = e.lastSeen[i];
        e.stamps[kept] = e.stamps[i];
        kept++;
      }
    }
    if (kept == 0) {
      entries = null;
      return;
    }
    Arrays.fill(e.ids, kept, e.size, null);
    e.size = kept;
  }

  /** Every remembered instance and when last seen, least recently seen first (snapshot seam). */
  void forEach(java.util.function.ObjLongConsumer<String> action) {
    Entries e = entries;
    if (e == null) {
      return;
    }
    Integer[] order = new Integer[e.size];
    for (int i = 0; i < e.size; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(e.stamps[a], e.stamps[b]));
    for (int i : order) {
      action.accept(e.ids[i], e.lastSeen[i]);
    }
  }

  int max() {
    return max;
  }

  private static int leastRecent(Entries e) {
    int oldest = 0;
    for (int i = 1; i < e.size; i++) {
      if (e.stamps[i] < e.stamps[oldest]) {
        oldest = i;
      }
    }
    return oldest;
  }

  private void grow(Entries e) {
    int capacity = Math.min(max, e.size + Math.max(2, e.size / 2));
    e.ids = Arrays.copyOf(e.ids, capacity);
    e.lastSeen = Arrays.copyOf(e.lastSeen, capacity);
    e.stamps = Arrays.copyOf(e.stamps, capacity);
  }
}
