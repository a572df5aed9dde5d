package io.prescale.testing;

import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * Drives a system on a {@link ManualScheduler} in tests (the adapter engine: {@code new
 * ManualDrive(scheduler, engine::awaitQuiet)}): lets in-flight calls finish (they run on the
 * adapters' own I/O threads), then runs what became due, and moves time by hand. Nothing here
 * measures time.
 */
public final class ManualDrive {
  /** Waits, at most {@code max}, until the system has no call in flight. */
  @FunctionalInterface
  public interface Quiet {
    void await(Duration max);
  }

  private static final Duration QUIET_LIMIT = Duration.ofSeconds(30);
  private final ManualScheduler scheduler;
  private final Quiet quiet;

  public ManualDrive(ManualScheduler scheduler, Quiet quiet) {
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.quiet = Objects.requireNonNull(quiet, "quiet");
  }

  /** Waits for in-flight calls and runs every task due now, until nothing more happens. */
  public void settle() {
    do {
      quiet.await(QUIET_LIMIT);
    } while (scheduler.runNextDue());
    quiet.await(QUIET_LIMIT);
  }

  /** Moves time forward by {@code step}, running each task at its due time. */
  public void advance(Duration step) {
    Duration left = step;
    settle();
    while (true) {
      Duration next = scheduler.untilNext().orElse(null);
      if (next == null || next.compareTo(left) > 0) {
        break;
      }
      scheduler.time().advance(next);
      left = left.minus(next);
      settle();
    }
    scheduler.time().advance(left);
    settle();
  }

  /**
   * Moves time task by task until {@code stage} completes, at most {@code limit} of virtual time;
   * returns true when it completed.
   */
  public boolean until(CompletionStage<?> stage, Duration limit) {
    Duration left = limit;
    settle();
    while (!stage.toCompletableFuture().isDone()) {
      Duration next = scheduler.untilNext().orElse(null);
      if (next == null || next.compareTo(left) > 0) {
        return false;
      }
      scheduler.time().advance(next);
      left = left.minus(next);
      settle();
    }
    return true;
  }
}
