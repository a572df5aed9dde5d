package io.prescale.simulator.trace;

import java.util.List;

/**
 * Merges per-function cursors into one arrival-ordered stream with a binary heap keyed by each
 * cursor's next arrival (ties by function index, so the order is deterministic).
 */
final class MergedStream implements InvocationStream {
  private final FunctionCursor[] heap;
  private int size;
  private boolean started;
  private int function = -1;
  private long arrival;
  private long duration;

  MergedStream(List<? extends FunctionCursor> cursors) {
    heap = new FunctionCursor[cursors.size()];
    for (FunctionCursor c : cursors) {
      if (c.advance()) {
        heap[size++] = c;
      }
    }
    for (int i = size / 2 - 1; i >= 0; i--) {
      siftDown(i);
    }
  }

  @Override
  public boolean next() {
    if (started && size > 0) {
      FunctionCursor top = heap[0];
      if (top.advance()) {
        siftDown(0);
      } else {
        heap[0] = heap[--size];
        heap[size] = null;
        if (size > 0) {
          siftDown(0);
        }
      }
    }
    started = true;
    if (size == 0) {
      function = -1;
      return false;
    }
    FunctionCursor top = heap[0];
    function = top.function;
    arrival = top.arrival;
    duration = top.duration;
    return true;
  }

  @Override
  public int function() {
    return function;
  }

  @Override
  public long arrivalNanos() {
    return arrival;
  }

  @Override
  public long durationNanos() {
    return duration;
  }

  private static boolean less(FunctionCursor a, FunctionCursor b) {
    return a.arrival < b.arrival || (a.arrival == b.arrival && a.function < b.function);
  }

  private void siftDown(int i) {
    FunctionCursor x = heap[i];
    int half = size >>> 1;
    while (i < half) {
      int child = 2 * i + 1;
      int right = child + 1;
      if (right < size && less(heap[right], heap[child])) {
        child = right;
      }
      if (!less(heap[child], x)) {
        break;
      }
      heap[i] = heap[child];
      i = child;
    }
    heap[i] = x;
  }
}
