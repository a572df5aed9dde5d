package io.prescale.adapter.engine;

import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.function.Predicate;

/** A bounded ring buffer of {@link ActionRecord}s; the oldest entry goes first. Thread-safe. */
public final class AuditLog {
  private final ActionRecord[] ring;
  private long written;

  public AuditLog(int capacity) {
    if (capacity < 1) {
      throw new IllegalArgumentException("audit capacity = " + capacity + ", must be >= 1");
    }
    ring = new ActionRecord[capacity];
  }

  synchronized ActionRecord append(
      Instant at,
      String function,
      String adapter,
      String target,
      String action,
      int from,
      int to,
      String outcome,
      int attempt,
      String detail) {
    ActionRecord r =
        new ActionRecord(
            written + 1, at, function, adapter, target, action, from, to, outcome, attempt, detail);
    ring[(int) (written % ring.length)] = r;
    written++;
    return r;
  }

  /** Up to {@code limit} newest records matching {@code filter}, newest first. */
  public synchronized List<ActionRecord> recent(int limit, Predicate<ActionRecord> filter) {
    List<ActionRecord> out = new ArrayList<>();
    long first = Math.max(0, written - ring.length);
    for (long i = written - 1; i >= first && out.size() < limit; i--) {
      ActionRecord r = ring[(int) (i % ring.length)];
      if (filter.test(r)) {
        out.add(r);
      }
    }
    return out;
  }

  /** Records written since start, including those the ring has dropped. */
  public synchronized long written() {
    return written;
  }

  public int capacity() {
    return ring.length;
  }
}
