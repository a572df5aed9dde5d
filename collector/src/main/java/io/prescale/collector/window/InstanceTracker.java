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
  private String[] ids; // null when none
  private long[] lastSeen;
  private long[] stamps;
  private int size;
  private long clock;

  InstanceTracker(int max, long windowNanos) {
    this.max = max;
    this.windowNanos = windowNanos;
  }

  void seen(String instance, long atNanos) {
    if (instance == null || instance.isEmpty()) {
      return;
    }
    int h = instance.hashCode();
    for (int i = 0; i < size; i++) {
      String id = ids[i];
      if (id.hashCode() == h && id.equals(instance)) {
        stamps[i] = ++clock;
        if (atNanos > lastSeen[i]) {
          lastSeen[i] = atNanos;
        }
        return;
      }
    }
    int i;
    if (size == max) {
      i = leastRecent(); // forgotten for the new one
    } else {
      if (ids == null || size == ids.length) {
        grow();
      }
      i = size++;
    }
    ids[i] = instance;
    lastSeen[i] = atNanos;
    stamps[i] = ++clock;
  }

  /** Instances seen within the window before {@code nowNanos}. */
  int live(long nowNanos) {
    int n = 0;
    for (int i = 0; i < size; i++) {
      if (lastSeen[i] > nowNanos - windowNanos) {
        n++;
      }
    }
    return n;
  }

  /** Forgets instances not seen within the window. */
  void trim(long nowNanos) {
    int kept = 0;
    for (int i = 0; i < size; i++) {
      if (lastSeen[i] > nowNanos - windowNanos) {
        ids[kept] = ids[i];
        lastSeen[kept] = lastSeen[i];
        stamps[kept] = stamps[i];
        kept++;
      }
    }
    if (kept == 0) {
      ids = null;
      lastSeen = null;
      stamps = null;
    } else {
      Arrays.fill(ids, kept, size, null);
    }
    size = kept;
  }

  /** Every remembered instance and when last seen, least recently seen first (snapshot seam). */
  void forEach(java.util.function.ObjLongConsumer<String> action) {
    Integer[] order = new Integer[size];
    for (int i = 0; i < size; i++) {
      order[i] = i;
    }
    Arrays.sort(order, (a, b) -> Long.compare(stamps[a], stamps[b]));
    for (int i : order) {
      action.accept(ids[i], lastSeen[i]);
    }
  }

  int max() {
    return max;
  }

  private int leastRecent() {
    int oldest = 0;
    for (int i = 1; i < size; i++) {
      if (stamps[i] < stamps[oldest]) {
        oldest = i;
      }
    }
    return oldest;
  }

  private void grow() {
    int capacity = ids == null ? Math.min(MIN_CAPACITY, max) : Math.min(max, size + Math.max(2, size / 2));
    ids = ids == null ? new String[capacity] : Arrays.copyOf(ids, capacity);
    lastSeen = lastSeen == null ? new long[capacity] : Arrays.copyOf(lastSeen, capacity);
    stamps = stamps == null ? new long[capacity] : Arrays.copyOf(stamps, capacity);
  }
}
