package io.prescale.collector.otlp;

import java.util.concurrent.atomic.AtomicLong;

/**
 * Body bytes the OTLP ports hold before the ingest queue takes them: received, inflated or being
 * decoded. Reserved as the bytes arrive (never from a declared length), released when the request
 * is queued, refused or its connection closes; past the bound new bytes are refused and the client
 * is throttled, so slow or abandoned bodies cannot fill the heap.
 */
final class InflightBytes {
  private final long max;
  private final AtomicLong used = new AtomicLong();

  InflightBytes(long max) {
    if (max < 1) {
      throw new IllegalArgumentException("max-inflight-bytes = " + max + ", must be >= 1");
    }
    this.max = max;
  }

  /** Takes {@code n} bytes of the budget; false, taking nothing, when they do not fit. */
  boolean tryReserve(long n) {
    while (true) {
      long u = used.get();
      if (u + n > max) {
        return false;
      }
      if (used.compareAndSet(u, u + n)) {
        return true;
      }
    }
  }

  void release(long n) {
    used.addAndGet(-n);
  }

  long used() {
    return used.get();
  }

  long max() {
    return max;
  }

  /** One request's share of the budget, released once whatever path ends the request. */
  final class Share {
    private long held;

    /** Adds {@code n} bytes to this share; false when the budget has no room. */
    synchronized boolean add(long n) {
      if (held < 0 || !tryReserve(n)) {
        return false;
      }
      held += n;
      return true;
    }

    /** Gives everything back; later adds fail. */
    synchronized void release() {
      if (held > 0) {
        InflightBytes.this.release(held);
      }
      held = -1;
    }
  }

  Share share() {
    return new Share();
  }
}
