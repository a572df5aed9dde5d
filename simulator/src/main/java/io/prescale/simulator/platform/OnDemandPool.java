package io.prescale.simulator.platform;

/**
 * Lambda/OpenWhisk: a request with no idle warm slot starts a new instance (a cold start) unless an
 * instance already starting has an unclaimed slot; it runs there once ready. Decisions pre-warm up
 * to {@code desired}; an idle instance above {@code desired} is released once it has been idle for
 * the decision's keep-alive (0 when the decision gives none). The longest-idle instance goes first;
 * a request takes the most recently idle one. A slot freed by a completion does not take waiting
 * requests: each waits for the instance started for it (as on Lambda).
 */
final class OnDemandPool extends InstancePool {

  OnDemandPool(PoolConfig config, PoolListener listener) {
    super(config, listener);
  }

  @Override
  public void advanceTo(long t) {
    while (true) {
      long ev = events.isEmpty() ? Long.MAX_VALUE : events.peekTime();
      long ex = nextExpiry();
      if (ex <= ev && ex != Long.MAX_VALUE) {
        if (ex >= t) {
          return;
        }
        expireOldest(ex);
        continue;
      }
      if (ev >= t) {
        return;
      }
      handleEvent();
    }
  }

  private void handleEvent() {
    long time = events.peekTime();
    int id = events.peekInstance();
    if (events.peekKind() == EventHeap.READY) {
      events.pop();
      if (!isStarting(id) || readyAt(id) != time) {
        return;
      }
      becomeReady(id, time);
      while (!queue.isEmpty() && active(id) < config.concurrency()) {
        long a = queue.headArrival();
        long d = queue.headDuration();
        queue.removeHead();
        dispatch(id, time, a, d, true);
      }
      if (active(id) == 0) {
        pushIdle(id);
      }
      return;
    }
    long arrival = events.peekArrival();
    long start = events.peekStart();
    boolean cold = events.peekCold();
    events.pop();
    listener.completed(arrival, start, time, cold, id);
    if (release(id, time)) {
      pushIdle(id);
    }
  }

  private long nextExpiry() {
    if (instances <= desired || idleCount() == 0) {
      return Long.MAX_VALUE;
    }
    return Math.max(idleSince(oldestIdle()) + keepAliveNanos, releaseFloor);
  }

  private void expireOldest(long at) {
    int id = oldestIdle();
    removeOldestIdle();
    stop(id, at);
  }

  @Override
  public void arrive(long t, long durationNanos) {
    int id = takeWarmSlot();
    if (id >= 0) {
      dispatch(id, t, t, durationNanos, false);
      return;
    }
    if (queue.size() >= (long) starting * config.concurrency()) {
      startInstance(t);
    }
    queue.add(t, durationNanos);
  }

  @Override
  public void apply(long t, int desiredInstances, long keepAlive) {
    if (desiredInstances != desired || keepAlive != keepAliveNanos) {
      releaseFloor = t;
    }
    desired = desiredInstances;
    keepAliveNanos = keepAlive;
    while (instances < desired) {
      startInstance(t);
    }
    long ex;
    while ((ex = nextExpiry()) <= t) {
      expireOldest(ex);
    }
  }
}
