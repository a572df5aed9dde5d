package io.prescale.simulator.engine;

import java.util.Arrays;

/**
 * A binary min-heap of (time, function index) pairs in primitive arrays, earlier first and at one
 * time the lower index first: the simulation's pending pokes and wake-ups, with no allocation per
 * entry once grown.
 */
final class TimedHeap {
  private long[] time = new long[16];
  private int[] index = new int[16];
  private int size;

  boolean isEmpty() {
    return size == 0;
  }

  /** The earliest time; only when not empty. */
  long peekTime() {
    return time[0];
  }

  /** The earliest entry's index; only when not empty. */
  int peekIndex() {
    return index[0];
  }

  void add(long t, int i) {
    if (size == time.length) {
      time = Arrays.copyOf(time, size * 2);
      index = Arrays.copyOf(index, size * 2);
    }
    int at = size++;
    while (at > 0) {
      int parent = (at - 1) >>> 1;
      if (!less(t, i, time[parent], index[parent])) {
        break;
      }
      time[at] = time[parent];
      index[at] = index[parent];
      at = parent;
    }
    time[at] = t;
    index[at] = i;
  }

  /** Removes the earliest entry; only when not empty. */
  void remove() {
    int last = --size;
    if (last == 0) {
      return;
    }
    long t = time[last];
    int i = index[last];
    int at = 0;
    int half = size >>> 1;
    while (at < half) {
      int c = 2 * at + 1;
      int r = c + 1;
      if (r < size && less(time[r], index[r], time[c], index[c])) {
        c = r;
      }
      if (!less(time[c], index[c], t, i)) {
        break;
      }
      time[at] = time[c];
      index[at] = index[c];
      at = c;
    }
    time[at] = t;
    index[at] = i;
  }

  private static boolean less(long t1, int i1, long t2, int i2) {
    return t1 < t2 || (t1 == t2 && i1 < i2);
  }
}
