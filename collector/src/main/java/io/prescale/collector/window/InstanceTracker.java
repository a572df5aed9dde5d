package io.prescale.collector.window;

import java.util.Arrays;
import java.util.function.ObjLongConsumer;

/**
 * Distinct execution environments ({@code faas.instance}) seen recently, at most {@code max}
 * remembered (least recently seen forgotten first). Not thread-safe: {@link FunctionWindows} locks.
 *
 * <p>Parallel arrays, not a map: per instance its id, when it was last seen (data time) and an
 * access stamp (larger = seen more recently, whatever the data time: the order of an access-ordered
 * {@link java.util.LinkedHashMap}), ~20 bytes besides the id instead of ~64. Up to {@value #SCAN}
 * instances are found by a scan; past that an open-addressing index (positions in a power-of-two
 * table at most half full) finds them in O(1), rebuilt when an instance is forgotten. The arrays
 * are released when every instance expired.
 */
public final class InstanceTracker {
  private static final int MIN_CAPACITY = 4;
  private static final int SCAN = 8;

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
    int[] index; // null while size <= SCAN; else entry position + 1 by hash slot (0: free)
  }

  InstanceTracker(int max, long windowNanos) {
    this.max = max;
    this.windowNanos = windowNanos;
  }

  /** Notes {@code instance} at {@code atNanos}; true when it was not remembered before. */
  public boolean seen(String instance, long atNanos) {
    if (instance == null || instance.isEmpty()) {
      return false;
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
    int found = find(e, instance, h);
    if (found >= 0) {
      e.stamps[found] = ++e.clock;
      if (atNanos > e.lastSeen[found]) {
        e.lastSeen[found] = atNanos;
      }
      return false;
    }
    int i;
    boolean replaced = e.size == max;
    if (replaced) {
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
    if (e.size > SCAN) {
      if (replaced || e.index == null || e.size * 2 > e.index.length) {
        reindex(e);
      } else {
        insert(e.index, h, i);
      }
    }
    return true;
  }

  /** Position of {@code instance} (hash {@code h}), or -1. */
  private static int find(Entries e, String instance, int h) {
    if (e.index == null) {
      for (int i = 0; i < e.size; i++) {
        String id = e.ids[i];
        if (id.hashCode() == h && id.equals(instance)) {
          return i;
        }
      }
      return -1;
    }
    int mask = e.index.length - 1;
    for (int slot = spread(h) & mask; e.index[slot] != 0; slot = (slot + 1) & mask) {
      String id = e.ids[e.index[slot] - 1];
      if (id.hashCode() == h && id.equals(instance)) {
        return e.index[slot] - 1;
      }
    }
    return -1;
  }

  /** Rebuilds the index of {@code e} (none while it holds at most {@value #SCAN}). */
  private static void reindex(Entries e) {
    if (e.size <= SCAN) {
      e.index = null;
      return;
    }
    int length = Integer.highestOneBit(e.size * 4 - 1); // >= 2 * size, a power of two
    e.index = new int[length];
    for (int i = 0; i < e.size; i++) {
      insert(e.index, e.ids[i].hashCode(), i);
    }
  }

  private static void insert(int[] index, int h, int position) {
    int mask = index.length - 1;
    int slot = spread(h) & mask;
    while (index[slot] != 0) {
      slot = (slot + 1) & mask;
    }
    index[slot] = position + 1;
  }

  private static int spread(int h) {
    return h ^ (h >>> 16);
  }

  /** Instances seen within the window before {@code nowNanos}. */
  int live(long nowNanos) {
    return live(nowNanos, windowNanos);
  }

  /** Instances seen within {@code window} before {@code nowNanos}. */
  int live(long nowNanos, long window) {
    Entries e = entries;
    int n = 0;
    for (int i = 0; e != null && i < e.size; i++) {
      if (e.lastSeen[i] > nowNanos - window) {
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
    boolean changed = kept != e.size;
    e.size = kept;
    if (changed) {
      reindex(e);
    }
  }

  /** Every remembered instance and when last seen, least recently seen first (snapshot seam). */
  public void forEach(ObjLongConsumer<String> action) {
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
