package io.prescale.cluster;

import io.prescale.core.FunctionKey;
import io.prescale.core.time.TimeSource;
import java.util.Collection;
import java.util.concurrent.atomic.AtomicIntegerArray;

/**
 * Which partitions this replica may actuate, and since which group generation: the fence between an
 * old owner and a new one. A partition is granted once its functions are restored and caught up,
 * and withdrawn before it is handed back to the group ({@link #withdraw} waits for the adapter
 * calls in flight on it). Actuation also needs a fresh lease: the group coordinator answered a
 * heartbeat within half the session timeout, so a replica cut off from the coordinator stops
 * actuating before the group can give its partitions to another replica.
 */
final class Ownership {
  /** What an adapter call carries: the partition and generation it was allowed under. */
  record Token(int partition, int generation, String replica) {
    /** {@code <replica>/<generation>}: the fencing token an adapter may pass on. */
    String origin() {
      return replica + "/" + generation;
    }
  }

  private final int partitions;
  private final String replica;
  private final TimeSource time;
  private final long leaseNanos;
  private final AtomicIntegerArray generation;
  private final AtomicIntegerArray inflight;
  private volatile long leaseUntilNanos = Long.MIN_VALUE;

  Ownership(int partitions, String replica, TimeSource time, long leaseNanos) {
    this.partitions = partitions;
    this.replica = replica;
    this.time = time;
    this.leaseNanos = leaseNanos;
    this.generation = new AtomicIntegerArray(partitions);
    this.inflight = new AtomicIntegerArray(partitions);
    for (int p = 0; p < partitions; p++) {
      generation.set(p, -1);
    }
  }

  int partitions() {
    return partitions;
  }

  int partitionOf(FunctionKey key) {
    return Partitioning.of(key, partitions);
  }

  /** Whether this replica holds {@code p} (granted and not withdrawn), lease aside. */
  boolean owns(int p) {
    return generation.get(p) >= 0;
  }

  int owned() {
    int n = 0;
    for (int p = 0; p < partitions; p++) {
      if (generation.get(p) >= 0) {
        n++;
      }
    }
    return n;
  }

  /** The coordinator answered: actuation may go on for the next lease period. */
  void renew() {
    leaseUntilNanos = time.nanoTime() + leaseNanos;
  }

  boolean leaseValid() {
    return time.nanoTime() - leaseUntilNanos < 0;
  }

  void grant(int p, int gen) {
    generation.set(p, Math.max(0, gen));
  }

  /**
   * A token to actuate {@code key} now, or null when this replica does not own it (or its lease
   * lapsed); pair with {@link #done}.
   */
  Token acquire(FunctionKey key) {
    int p = partitionOf(key);
    int g = generation.get(p);
    if (g < 0 || !leaseValid()) {
      return null;
    }
    inflight.incrementAndGet(p);
    if (generation.get(p) != g) {
      inflight.decrementAndGet(p);
      return null;
    }
    return new Token(p, g, replica);
  }

  void done(Token t) {
    inflight.decrementAndGet(t.partition());
  }

  /**
   * Withdraws {@code ps}: no new adapter call starts on them, and this waits (at most {@code
   * maxWaitNanos}) until the calls in flight on them have landed. Returns the calls still in flight
   * when it gave up (0 normally).
   */
  int withdraw(Collection<Integer> ps, long maxWaitNanos) {
    for (int p : ps) {
      generation.set(p, -1);
    }
    long deadline = time.nanoTime() + maxWaitNanos;
    while (true) {
      int left = 0;
      for (int p : ps) {
        left += inflight.get(p);
      }
      if (left == 0 || time.nanoTime() - deadline >= 0) {
        return left;
      }
      try {
        Thread.sleep(5);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        return left;
      }
    }
  }
}
