package io.prescale.simulator.platform;

import java.util.Arrays;

/** FIFO of waiting requests (arrival, duration) in a primitive ring buffer. */
final class RequestQueue {
  private long[] arrival = new long[8];
  private long[] duration = new long[8];
  private int head;
  private int size;

  int size() {
    return size;
  }

  boolean isEmpty() {
    return size == 0;
  }

  void add(long a, long d) {
    if (size == arrival.length) {
      long[] na = new long[size * 2];
      long[] nd = new long[size * 2];
      for (int i = 0; i < size; i++) {
        na[i] = arrival[(head + i) % arrival.length];
        nd[i] = duration[(head + i) % arrival.length];
      }
      arrival = na;
      duration = nd;
      head = 0;
    }
    int tail = (head + size) % arrival.length;
    arrival[tail] = a;
    duration[tail] = d;
    size++;
  }

  long headArrival() {
    return arrival[head];
  }

  long headDuration() {
    return duration[head];
  }

  void removeHead() {
    head = (head + 1) % arrival.length;
    size--;
  }

  @Override
  public String toString() {
    return "RequestQueue[size="
        + size
        + ", capacity="
        + Arrays.toString(new int[] {arrival.length})
        + "]";
  }
}
