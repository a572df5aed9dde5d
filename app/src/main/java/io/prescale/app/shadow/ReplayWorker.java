package io.prescale.app.shadow;

import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.concurrent.atomic.AtomicLong;

/**
 * Runs the API's long jobs (a report's replay, an export) one at a time on their own thread, never
 * on the event loop or the autoscaler's: {@link #submit} refuses a second job while one runs (the
 * route answers 429). A job sees its progress counters and a cancel flag. Series: {@code
 * prescale_report_jobs_total{kind, outcome}} (done, failed, cancelled, refused) and {@code
 * prescale_report_job_running}.
 */
final class ReplayWorker implements AutoCloseable {
  /** A job: reads {@link #cancelled}, adds to {@code done} out of {@code total}. */
  interface Job<T> {
    T run(AtomicLong done, AtomicLong total, AtomicBoolean cancelled) throws Exception;
  }

  private final ExecutorService executor =
      Executors.newSingleThreadExecutor(
          r -> {
            Thread t = new Thread(r, "prescale-report");
            t.setDaemon(true);
            return t;
          });
  private final AtomicBoolean busy = new AtomicBoolean();
  private final AtomicLong done = new AtomicLong();
  private final AtomicLong total = new AtomicLong();
  private final AtomicBoolean cancelled = new AtomicBoolean();
  private volatile String kind = "";
  private final Counter jobs;
  private final Gauge running;

  ReplayWorker(PrometheusRegistry registry) {
    jobs =
        Counter.builder()
            .name("prescale_report_jobs")
            .help(
                "Report replays and exports asked of the API, by outcome (refused: one was running)")
            .labelNames("kind", "outcome")
            .register(registry);
    running =
        Gauge.builder()
            .name("prescale_report_job_running")
            .help("1 while a report replay or an export runs (one at a time)")
            .register(registry);
  }

  /** Starts {@code job}, or returns null when one is running. */
  <T> CompletableFuture<T> submit(String kind, Job<T> job) {
    if (!busy.compareAndSet(false, true)) {
      jobs.labelValues(kind, "refused").inc();
      return null;
    }
    this.kind = kind;
    done.set(0);
    total.set(0);
    cancelled.set(false);
    running.set(1);
    CompletableFuture<T> f = new CompletableFuture<>();
    try {
      executor.execute(
          () -> {
            try {
              T v = job.run(done, total, cancelled);
              jobs.labelValues(kind, "done").inc();
              f.complete(v);
            } catch (Exception | Error e) {
              jobs.labelValues(kind, cancelled.get() ? "cancelled" : "failed").inc();
              f.completeExceptionally(e);
            } finally {
              running.set(0);
              busy.set(false);
            }
          });
    } catch (RuntimeException e) {
      running.set(0);
      busy.set(false);
      f.completeExceptionally(e);
    }
    return f;
  }

  boolean busy() {
    return busy.get();
  }

  String kind() {
    return kind;
  }

  /** Share of the running job done, in [0; 1]; 0 before its total is known. */
  double progress() {
    long t = total.get();
    return t <= 0 ? 0 : Math.min(1, done.get() / (double) t);
  }

  /** Asks the running job to stop; false when none runs. */
  boolean cancel() {
    if (!busy.get()) {
      return false;
    }
    cancelled.set(true);
    return true;
  }

  @Override
  public void close() {
    cancelled.set(true);
    executor.shutdownNow();
  }
}
