package io.prescale.simulator.platform;

/**
 * Knative/Kubernetes: only decisions add instances. A request takes a free warm slot or waits in
 * one FIFO (the activator) for the first slot to free up or instance to become ready. Scale-down
 * removes starting instances (newest first) and idle ones (longest idle first) at once; busy
 * instances above {@code desired} stop when their last request ends. A waiting request counts as
 * cold when the instance that serves it became ready after it arrived; waiting behind busy warm
 * instances is queueing, not a cold start.
 */
final class AutoscaledPool extends InstancePool {

  AutoscaledPool(PoolConfig config, PoolListener listener) {
    super(config, listener);
  }

  @Override
  public void advanceTo(long t) {
    while (!events.isEmpty() && events.peekTime() < t) {
      long time = events.peekTime();
      int id = events.peekInstance();
      if (events.peekKind() == EventHeap.READY) {
        events.pop();
        if (!isStarting(id) || readyAt(id) != time) {
          continue;
        }
        becomeReady(id, time);
        while (!queue.isEmpty() && active(id) < config.concurrency()) {
          serveHead(id, time);
        }
        if (active(id) == 0) {
          pushIdle(id);
        }
        continue;
      }
      long arrival = events.peekArrival();
      long start = events.peekStart();
      boolean cold = events.peekCold();
      events.pop();
      listener.completed(arrival, start, time, cold, id);
      boolean empty = release(id, time);
      if (!queue.isEmpty()) {
        serveHead(id, time);
      } else if (empty) {
        if (instances > desired) {
          stop(id, time);
        } else {
          pushIdle(id);
        }
      }
    }
  }

  private void serveHead(int id, long time) {
    long a = queue.headArrival();
    long d = queue.headDuration();
    queue.removeHead();
    dispatch(id, time, a, d, readyAt(id) > a);
  }

  @Override
  public void arrive(long t, long durationNanos) {
    int id = takeWarmSlot();
    if (id >= 0) {
      dispatch(id, t, t, durationNanos, false);
    } else {
      queue.add(t, durationNanos);
    }
  }

  @Override
  public void apply(long t, int desiredInstances, long keepAlive) {
    desired = desiredInstances;
    while (instances < desired) {
      startInstance(t);
    }
    while (instances > desired) {
      int s = newestStarting();
      if (s >= 0) {
        stop(s, t);
      } else if (idleCount() > 0) {
        int id = oldestIdle();
        removeOldestIdle();
        stop(id, t);
      } else {
        break;
      }
    }
  }
}
