package io.prescale.core.time;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;

/**
 * Runs a task after a delay. Production wraps a {@link ScheduledExecutorService}; tests use {@code
 * io.prescale.testing.ManualScheduler} (test-support), which runs tasks when a test moves a {@link
 * ManualTimeSource}.
 */
public interface Scheduler {

  /** A scheduled task that can be cancelled. */
  interface Cancellable {
    void cancel();
  }

  Cancellable schedule(Duration delay, Runnable task);

  /** Runs tasks on {@code executor}; the caller owns and shuts down the executor. */
  static Scheduler of(ScheduledExecutorService executor) {
    Objects.requireNonNull(executor, "executor");
    return (delay, task) -> {
      ScheduledFuture<?> f =
          executor.schedule(task, Math.max(0, delay.toNanos()), TimeUnit.NANOSECONDS);
      return () -> f.cancel(false);
    };
  }
}
