package io.prescale.simulator.platform;

import java.util.Arrays;

/**
 * One function's instances on a virtual clock: starting, ready (idle or busy), stopped. Time only
 * moves forward through {@link #advanceTo}, {@link #arrive} and {@link #apply}; every event is
 * handled at its own time and in order. Primitive arrays throughout, no allocation per request.
 *
 * <p>A request is <em>cold</em> when it found no warm instance with a free slot on arrival and was
 * served by an instance that became ready after it arrived. Accounting: instance time runs from
 * start to stop; busy time while at least one request executes; idle time while ready and empty;
 * the rest is start-up.
 */
public abstract class InstancePool {
  static final int FREE = 0;
  static final int STARTING = 1;
  static final int READY = 2;

  final PoolConfig config;
  final PoolListener listener;
  final EventHeap events = new EventHeap();
  final RequestQueue queue = new RequestQueue();

  private int[] state = new int[4];
  private int[] active = new int[4];
  private long[] startedAt = new long[4];
  private long[] readyAt = new long[4];
  private long[] busySince = new long[4];
  private long[] idleSince = new long[4];
  private int[] freeIds = new int[4];
  private int freeCount;
  private int capacity;

  /** Ready instances with no request, oldest idle at the head (ring buffer). */
  private int[] idle = new int[4];

  private int idleHead;
  private int idleSize;

  /** Ready instances with 0 < active < concurrency (only when concurrency > 1). */
  private int[] partial = new int[4];

  private int[] partialPos = new int[4];
  private int partialSize;

  int instances;
  int starting;
  int ready;
  int desired;
  long keepAliveNanos;
  long releaseFloor = Long.MIN_VALUE;
  long inFlight;

  private long instanceNanos;
  private long busyNanos;
  private long idleNanos;
  private long startsTotal;

  InstancePool(PoolConfig config, PoolListener listener) {
    this.config = config;
    this.listener = listener;
  }

  /** Handles every event before {@code t} (readiness, completions, keep-alive expiry). */
  public abstract void advanceTo(long t);

  /** A request arrives at {@code t} (after {@code advanceTo(t)}). */
  public abstract void arrive(long t, long durationNanos);

  /**
   * Applies a valid decision at {@code t}: hold {@code desiredInstances} warm; on the on-demand
   * platform release idle instances above it after {@code keepAliveNanos} idle.
   */
  public abstract void apply(long t, int desiredInstances, long keepAliveNanos);

  /** Instances reported ready (what the decider's observation says). */
  public int readyInstances() {
    return ready;
  }

  /** Starting + ready instances. */
  public int instances() {
    return instances;
  }

  /** Requests waiting for a slot. */
  public int queued() {
    return queue.size();
  }

  /** Requests executing. */
  public long executing() {
    return inFlight;
  }

  /** True when nothing is pending: no queue, nothing executing, nothing starting. */
  public boolean settled() {
    return queue.isEmpty() && inFlight == 0 && starting == 0;
  }

  public long instanceNanos() {
    return instanceNanos;
  }

  public long busyNanos() {
    return busyNanos;
  }

  public long idleNanos() {
    return idleNanos;
  }

  public long startsTotal() {
    return startsTotal;
  }

  /** Stops every instance at {@code t} after handling every earlier event; for the end of a run. */
  public void finish(long t) {
    advanceTo(t);
    for (int i = 0; i < capacity; i++) {
      if (state[i] != FREE) {
        if (active[i] > 0) {
          busyNanos += t - busySince[i];
        }
        stopAccounting(i, t);
      }
    }
    idleSize = 0;
    partialSize = 0;
  }

  // ---- instance operations for the subclasses ----

  /** Starts an instance at {@code t}; it becomes ready after the cold-start delay. */
  final int startInstance(long t) {
    int id;
    if (freeCount > 0) {
      id = freeIds[--freeCount];
    } else {
      id = capacity++;
      if (id == state.length) {
        grow();
      }
    }
    state[id] = STARTING;
    active[id] = 0;
    startedAt[id] = t;
    readyAt[id] = t + config.coldStartNanos();
    instances++;
    starting++;
    startsTotal++;
    events.push(readyAt[id], EventHeap.READY, id, 0, 0, false);
    listener.lifecycle(PoolListener.Lifecycle.START, id, t);
    listener.instances(t, instances);
    return id;
  }

  /** Marks instance {@code id} ready at {@code t}. */
  final void becomeReady(int id, long t) {
    state[id] = READY;
    starting--;
    ready++;
    idleSince[id] = t;
    listener.lifecycle(PoolListener.Lifecycle.READY, id, t);
  }

  /** Stops instance {@code id} at {@code t}; it must have no request. Not for idle-list members. */
  final void stop(int id, long t) {
    if (state[id] == STARTING) {
      starting--;
    } else {
      ready--;
    }
    instances--;
    stopAccounting(id, t);
    freeIds[freeCount++] = id;
    listener.lifecycle(PoolListener.Lifecycle.STOP, id, t);
    listener.instances(t, instances);
  }

  private void stopAccounting(int id, long t) {
    instanceNanos += t - startedAt[id];
    if (state[id] == READY && active[id] == 0) {
      idleNanos += t - idleSince[id];
    }
    state[id] = FREE;
  }

  final boolean isStarting(int id) {
    return state[id] == STARTING;
  }

  final long readyAt(int id) {
    return readyAt[id];
  }

  final int active(int id) {
    return active[id];
  }

  /** Runs one request on {@code id} from {@code t}; schedules its completion. */
  final void dispatch(int id, long t, long arrival, long duration, boolean cold) {
    if (active[id]++ == 0) {
      busySince[id] = t;
      idleNanos += t - idleSince[id];
      listener.lifecycle(PoolListener.Lifecycle.BUSY, id, t);
    }
    if (config.concurrency() > 1) {
      if (active[id] == 1) {
        addPartial(id);
      } else if (active[id] == config.concurrency()) {
        removePartial(id);
      }
    }
    inFlight++;
    listener.dispatched(arrival, t, cold);
    events.push(t + duration, EventHeap.DONE, id, arrival, t, cold);
  }

  /** Frees one slot of {@code id} at {@code t}; returns true when the instance is now empty. */
  final boolean release(int id, long t) {
    inFlight--;
    int a = --active[id];
    if (config.concurrency() > 1) {
      if (a == config.concurrency() - 1 && a > 0) {
        addPartial(id);
      } else if (a == 0) {
        removePartial(id);
      }
    }
    if (a == 0) {
      busyNanos += t - busySince[id];
      idleSince[id] = t;
      listener.lifecycle(PoolListener.Lifecycle.IDLE, id, t);
      return true;
    }
    return false;
  }

  /**
   * A ready instance with a free slot, preferring partly busy ones, then the most recently idle; -1
   * if none.
   */
  final int takeWarmSlot() {
    if (partialSize > 0) {
      return partial[partialSize - 1];
    }
    if (idleSize > 0) {
      idleSize--;
      return idle[(idleHead + idleSize) % idle.length];
    }
    return -1;
  }

  final void pushIdle(int id) {
    if (idleSize == idle.length) {
      int[] n = new int[idle.length * 2];
      for (int i = 0; i < idleSize; i++) {
        n[i] = idle[(idleHead + i) % idle.length];
      }
      idle = n;
      idleHead = 0;
    }
    idle[(idleHead + idleSize) % idle.length] = id;
    idleSize++;
  }

  final int idleCount() {
    return idleSize;
  }

  /** The longest-idle instance, or -1. */
  final int oldestIdle() {
    return idleSize == 0 ? -1 : idle[idleHead];
  }

  final long idleSince(int id) {
    return idleSince[id];
  }

  final void removeOldestIdle() {
    idleHead = (idleHead + 1) % idle.length;
    idleSize--;
  }

  /** A starting instance (the most recently started), or -1. */
  final int newestStarting() {
    if (starting == 0) {
      return -1;
    }
    int best = -1;
    for (int i = 0; i < capacity; i++) {
      if (state[i] == STARTING && (best < 0 || startedAt[i] >= startedAt[best])) {
        best = i;
      }
    }
    return best;
  }

  private void addPartial(int id) {
    partialPos[id] = partialSize;
    partial[partialSize++] = id;
  }

  private void removePartial(int id) {
    int pos = partialPos[id];
    int last = partial[--partialSize];
    partial[pos] = last;
    partialPos[last] = pos;
  }

  private void grow() {
    int n = state.length * 2;
    state = Arrays.copyOf(state, n);
    active = Arrays.copyOf(active, n);
    startedAt = Arrays.copyOf(startedAt, n);
    readyAt = Arrays.copyOf(readyAt, n);
    busySince = Arrays.copyOf(busySince, n);
    idleSince = Arrays.copyOf(idleSince, n);
    freeIds = Arrays.copyOf(freeIds, n);
    partial = Arrays.copyOf(partial, n);
    partialPos = Arrays.copyOf(partialPos, n);
  }
}
