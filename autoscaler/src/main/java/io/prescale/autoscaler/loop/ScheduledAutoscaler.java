package io.prescale.autoscaler.loop;

import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.time.Durations;
import io.prescale.core.time.TimeSource;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Consumer;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Runs an {@link AutoscalerLoop} on wall time for {@code prescale run}: one daemon thread ticks at
 * a fixed rate ({@code period}, the spec tick, 2 s by default) with {@code time.instant()} as the
 * tick time. A failing tick is logged and the schedule goes on.
 */
public final class ScheduledAutoscaler implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(ScheduledAutoscaler.class.getName());

  private final AutoscalerLoop loop;
  private final TimeSource time;
  private final Duration period;
  private final Consumer<TickReport> listener;
  private final AtomicLong ticks = new AtomicLong();
  private ScheduledExecutorService executor;

  /** Ticks every {@code DeciderSpec.defaults().tick()} (2 s), no listener. */
  public ScheduledAutoscaler(AutoscalerLoop loop, TimeSource time) {
    this(loop, time, DeciderSpec.defaults().tick(), null);
  }

  /**
   * @param period time between ticks (the spec tick, 2 s by default)
   * @param listener receives every tick's report (metrics), may be null
   */
  public ScheduledAutoscaler(
      AutoscalerLoop loop, TimeSource time, Duration period, Consumer<TickReport> listener) {
    this.loop = Objects.requireNonNull(loop, "loop");
    this.time = Objects.requireNonNull(time, "time");
    Objects.requireNonNull(period, "period");
    if (period.isNegative() || period.isZero()) {
      throw new IllegalArgumentException(
          "period = " + Durations.format(period) + ", must be in (0s; inf)");
    }
    this.period = period;
    this.listener = listener == null ? r -> {} : listener;
  }

  /** Starts ticking now; a second call is refused. */
  public synchronized void start() {
    if (executor != null) {
      throw new IllegalStateException("already started");
    }
    executor =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "prescale-autoscaler");
              t.setDaemon(true);
              return t;
            });
    executor.scheduleAtFixedRate(this::runTick, 0, period.toNanos(), TimeUnit.NANOSECONDS);
  }

  private void runTick() {
    try {
      TickReport report = loop.tick(time.instant());
      ticks.incrementAndGet();
      listener.accept(report);
    } catch (RuntimeException e) {
      LOG.log(Level.WARNING, "autoscaler tick failed: " + e, e);
    }
  }

  /** Ticks completed so far. */
  public long ticks() {
    return ticks.get();
  }

  public AutoscalerLoop loop() {
    return loop;
  }

  /** Stops ticking and waits up to 5 s for a running tick to finish. */
  @Override
  public synchronized void close() {
    if (executor == null) {
      return;
    }
    executor.shutdownNow();
    try {
      if (!executor.awaitTermination(5, TimeUnit.SECONDS)) {
        LOG.log(Level.WARNING, "autoscaler tick still running after 5 s");
      }
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    executor = null;
  }
}
