package io.prescale.simulator.platform;

import java.util.Arrays;

/**
 * A binary min-heap of one function's pending platform events (instance ready, request done), in
 * primitive arrays: no allocation per event once grown.
 */
final class EventHeap {
  static final int READY = 0;
  static final int DONE = 1;

  private long[] time = new long[8];
  private long[] arrival = new long[8];
  private long[] start = new long[8];
  private int[] info = new int[8];
  private int size;

  boolean isEmpty() {
    return size == 0;
  }

  int size() {
    return size;
  }

  long peekTime() {
    return time[0];
  }

  int peekKind() {
    return info[0] & 1;
  }

  int peekInstance() {
    return info[0] >>> 2;
  }

  boolean peekCold() {
    return (info[0] & 2) != 0;
  }

  long peekArrival() {
    return arrival[0];
  }

  long peekStart() {
    return start[0];
  }

  void push(long t, int kind, int instance, long arr, long st, boolean cold) {
    if (size == time.length) {
      int n = size * 2;
      time = Arrays.copyOf(time, n);
      arrival = Arrays.copyOf(arrival, n);
      start = Arrays.copyOf(start, n);
      info = Arrays.copyOf(info, n);
    }
    int inf = (instance << 2) | (cold ? 2 : 0) | kind;
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (!less(t, inf, time[parent], info[parent])) {
        break;
      }
      move(parent, i);
      i = parent;
    }
    set(i, t, arr, st, inf);
  }

  void pop() {
    int last = --size;
    if (last == 0) {
      return;
    }
    long t = time[last];
    long a = arrival[last];
    long s = start[last];
    int inf = info[last];
    int i = 0;
    int half = size >>> 1;
    while (i < half) {
      int c = 2 * i + 1;
      int r = c + 1;
      if (r < size && less(time[r], info[r], time[c], info[c])) {
        c = r;
      }
      if (!less(time[c], info[c], t, inf)) {
        break;
      }
      move(c, i);
      i = c;
    }
    set(i, t, a, s, inf);
  }

  /** Earlier first; at the same time by instance, kind and cold flag (deterministic). */
  private static boolean less(long t1, int i1, long t2, int i2) {
    return t1 < t2 || (t1 == t2 && i1 < i2);
  }

  private void move(int from, int to) {
    time[to] = time[from];
    arrival[to] = arrival[from];
    start[to] = start[from];
    info[to] = info[from];
  }

  private void set(int i, long t, long a, long s, int inf) {
    time[i] = t;
    arrival[i] = a;
    start[i] = s;
    info[i] = inf;
  }
}
