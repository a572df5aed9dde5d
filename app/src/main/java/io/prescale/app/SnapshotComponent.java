package io.prescale.app;

import io.prescale.collector.extract.CollectorSink;
import io.prescale.collector.ingest.TelemetrySink;
import io.prescale.collector.snapshot.SnapshotExtension;
import io.prescale.collector.snapshot.WindowsSnapshot;
import io.prescale.collector.window.FunctionStore;
import io.prescale.core.time.Durations;
import io.prescale.core.time.TimeSource;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.Gauge;
import io.prometheus.metrics.core.metrics.Histogram;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Objects;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * State that survives restarts ({@code --data-dir}): at start, before the collector takes data,
 * restores the function store from {@code DIR/windows.snapshot} (a corrupt file is reported in one
 * WARN line, moved aside and Prescale starts empty); then writes a snapshot every {@code interval}
 * on its own thread, and a final one at stop. Register right after {@link FunctionDataComponent}:
 * it is then stopped after the collector closed its ports and drained its queue, so the final
 * snapshot holds everything ingested. The same file holds the collector's ingest state when the
 * sink is a {@link CollectorSink} (cumulative-metric baselines, span/metric choice), so the first
 * cumulative point after a restart counts what happened since the last one before. A failed write
 * (disk full, permission) is logged and counted and keeps the previous snapshot. The autoscaler
 * rebuilds its models from the restored windows.
 *
 * <p>Series: {@code prescale_snapshot_duration_seconds}, {@code prescale_snapshot_bytes}, {@code
 * prescale_snapshot_functions}, {@code prescale_snapshot_failures_total}, {@code
 * prescale_snapshot_last_success_timestamp_seconds}.
 */
final class SnapshotComponent implements Component {
  private static final Logger LOG = Logger.getLogger(SnapshotComponent.class.getName());
  private static final Duration STOP_WAIT = Duration.ofSeconds(30);

  private final Path dir;
  private final Duration interval;
  private Path file;
  private FunctionStore store;
  private SnapshotExtension ingestState;
  private TimeSource time;
  private ScheduledExecutorService executor;
  private Histogram duration;
  private Gauge bytes;
  private Gauge functions;
  private Counter failures;
  private Gauge lastSuccess;

  SnapshotComponent(Path dir, Duration interval) {
    this.dir = Objects.requireNonNull(dir, "dir");
    this.interval = Objects.requireNonNull(interval, "interval");
    if (interval.isNegative() || interval.isZero()) {
      throw new IllegalArgumentException(
          "snapshot-interval = " + Durations.format(interval) + ", must be in (0s; inf)");
    }
  }

  @Override
  public void start(ControlPlaneContext ctx) throws IOException {
    store = ctx.functionStore();
    ingestState =
        ctx.find(TelemetrySink.class)
            .filter(CollectorSink.class::isInstance)
            .map(s -> ((CollectorSink) s).snapshotState())
            .orElse(null);
    time = ctx.timeSource();
    Files.createDirectories(dir);
    file = dir.resolve(WindowsSnapshot.FILE_NAME);
    WindowsSnapshot.Restored r =
        WindowsSnapshot.restore(store, file, time.instant().toEpochMilli(), ingestState);
    if (r.refused()) {
      LOG.warning(
          "snapshot "
              + file
              + " is unusable: "
              + r.problem()
              + "; "
              + (r.setAside() != null
                  ? "moved to " + r.setAside().getFileName()
                  : "it could not be moved aside")
              + "; starting with no state");
    } else if (r.writtenAt() != null) {
      LOG.info(
          "restored "
              + r.functions()
              + " functions from "
              + file
              + " (written at "
              + r.writtenAt()
              + ")");
    }
    register(ctx);
    executor =
        Executors.newSingleThreadScheduledExecutor(
            task -> {
              Thread t = new Thread(task, "prescale-snapshot");
              t.setDaemon(true);
              return t;
            });
    executor.scheduleWithFixedDelay(
        this::write, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
  }

  /** Stops the periodic writes and writes the final snapshot. */
  @Override
  public void stop() {
    if (executor == null) {
      return;
    }
    executor.shutdown();
    try {
      executor.awaitTermination(STOP_WAIT.toMillis(), TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    }
    executor = null;
    write();
  }

  /** Writes a snapshot now; false (logged and counted) when it failed. */
  synchronized boolean write() {
    long t0 = time.nanoTime();
    try {
      WindowsSnapshot.Written w =
          WindowsSnapshot.write(store, file, time.epochNanos(), ingestState);
      duration.observe((time.nanoTime() - t0) / 1e9);
      bytes.set(w.bytes());
      functions.set(w.functions());
      lastSuccess.set(time.epochNanos() / 1e9);
      return true;
    } catch (IOException | RuntimeException e) {
      failures.inc();
      LOG.log(
          Level.WARNING,
          "cannot write snapshot " + file + ": " + e + "; the previous snapshot stays");
      return false;
    }
  }

  private void register(ControlPlaneContext ctx) {
    duration =
        Histogram.builder()
            .name("prescale_snapshot_duration_seconds")
            .help("Time to write one snapshot of every function's windows to --data-dir")
            .classicOnly()
            .classicUpperBounds(0.001, 0.005, 0.01, 0.05, 0.1, 0.5, 1, 5, 10, 30, 60)
            .register(ctx.registry());
    bytes =
        Gauge.builder()
            .name("prescale_snapshot_bytes")
            .help("Size of the last snapshot written")
            .register(ctx.registry());
    functions =
        Gauge.builder()
            .name("prescale_snapshot_functions")
            .help("Functions in the last snapshot written")
            .register(ctx.registry());
    failures =
        Counter.builder()
            .name("prescale_snapshot_failures")
            .help("Snapshots that could not be written (the previous one stays)")
            .register(ctx.registry());
    lastSuccess =
        Gauge.builder()
            .name("prescale_snapshot_last_success_timestamp_seconds")
            .help("When the last snapshot was written, seconds since the epoch")
            .register(ctx.registry());
  }
}
