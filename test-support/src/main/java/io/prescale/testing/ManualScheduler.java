package io.prescale.testing;

import io.prescale.core.time.ManualTimeSource;
import io.prescale.core.time.Scheduler;
import java.time.Duration;
import java.util.Objects;
import java.util.Optional;
import java.util.PriorityQueue;

/**
 * A scheduler on a {@link ManualTimeSource}: tasks run only when a test moves time. Tasks due at
 * the same time run in the order they were scheduled. Thread-safe.
 */
public final class ManualScheduler implements Scheduler {
  private final ManualTimeSource time;
  private final PriorityQueue<Task> queue = new PriorityQueue<>();
  private long sequence;

  public ManualScheduler(ManualTimeSource time) {
    this.time = Objects.requireNonNull(time, "time");
  }

  public ManualTimeSource time() {
    return time;
  }

  @Override
  public synchronized Cancellable schedule(Duration delay, Runnable task) {
    Task t = new Task(time.nanoTime() + Math.max(0, delay.toNanos()), sequence++, task);
    queue.add(t);
    return () -> {
      synchronized (ManualScheduler.this) {
        queue.remove(t);
      }
    };
  }

  /** Runs one task due now or earlier; false when none is due. */
  public boolean runNextDue() {
    Task t;
    synchronized (this) {
      t = queue.peek();
      if (t == null || t.dueNanos > time.nanoTime()) {
        return false;
      }
      queue.poll();
    }
    t.task.run();
    return true;
  }

  /** Time until the next task, empty when nothing is scheduled. */
  public synchronized Optional<Duration> untilNext() {
    Task t = queue.peek();
    return t == null
        ? Optional.empty()
        : Optional.of(Duration.ofNanos(Math.max(0, t.dueNanos - time.nanoTime())));
  }

  /** Number of scheduled tasks. */
  public synchronized int pending() {
    return queue.size();
  }

  private record Task(long dueNanos, long seq, Runnable task) implements Comparable<Task> {
    @Override
    public int compareTo(Task o) {
      int c = Long.compare(dueNanos, o.dueNanos);
      return c != 0 ? c : Long.compare(seq, o.seq);
    }
  }
}
