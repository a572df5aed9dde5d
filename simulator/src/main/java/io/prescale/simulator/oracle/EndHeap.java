package io.prescale.simulator.oracle;

import java.util.Arrays;

/** A binary min-heap of request end times (nanoseconds) in a primitive array. */
final class EndHeap {
  private long[] a = new long[4];
  private int size;

  boolean isEmpty() {
    return size == 0;
  }

  long peek() {
    return a[0];
  }

  void push(long v) {
    if (size == a.length) {
      a = Arrays.copyOf(a, size * 2);
    }
    int i = size++;
    while (i > 0) {
      int parent = (i - 1) >>> 1;
      if (a[parent] <= v) {
        break;
      }
      a[i] = a[parent];
      i = parent;
    }
    a[i] = v;
  }

  long pop() {
    long top = a[0];
    long v = a[--size];
    int i = 0;
    int half = size >>> 1;
    while (i < half) {
      int c = 2 * i + 1;
      if (c + 1 < size && a[c + 1] < a[c]) {
        c++;
      }
      if (a[c] >= v) {
        break;
      }
      a[i] = a[c];
      i = c;
    }
    if (size > 0) {
      a[i] = v;
    }
    return top;
  }
}
