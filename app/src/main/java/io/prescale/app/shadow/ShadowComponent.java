package io.prescale.app.shadow;

import io.prescale.app.Component;
import io.prescale.app.ControlPlaneContext;
import io.prescale.autoscaler.loop.DecisionSink;
import io.prescale.autoscaler.predictive.ShadowDeciderProvider;
import io.prescale.collector.api.FunctionMetrics;
import io.prescale.collector.window.FunctionStore;
import io.prescale.collector.window.FunctionWindows;
import io.prescale.core.FunctionKey;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.time.Durations;
import java.io.IOException;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Executors;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * Shadow mode in {@code prescale run}: replaces the adapters' {@link DecisionSink} in the context
 * with a gate that hands every decision of a function in {@code mode: shadow} to the {@link
 * ShadowLedger} instead (the adapters never see it, so nothing is read or changed on the platform),
 * and every other decision to the adapters as before. Registers {@link ShadowSeries} in /metrics
 * and serves {@code GET /api/v1/report} ({@link ReportRoute}). With {@code --data-dir} the ledger
 * is restored from {@code DIR/shadow.json} at start and written every {@code interval} and at stop.
 *
 * <p>Register after the adapter and function data components and before the autoscaler.
 */
public final class ShadowComponent implements Component {
  private static final Logger LOG = Logger.getLogger(ShadowComponent.class.getName());

  private final Path dataDir;
  private final Duration interval;
  private final Duration instanceWindow;
  private ShadowLedger ledger;
  private Path file;
  private ScheduledExecutorService executor;
  private ReportRoute reports;
  private Duration reportWait = ReportRoute.WAIT;

  /**
   * @param dataDir where {@code shadow.json} is kept, or null: not kept
   * @param interval time between writes
   * @param instanceWindow how long after its last request an instance still counts as running on
   *     the platform (its idle retention), in [1s; 1h]
   */
  public ShadowComponent(Path dataDir, Duration interval, Duration instanceWindow) {
    this.dataDir = dataDir;
    this.interval = interval;
    this.instanceWindow = checkWindow(instanceWindow);
  }

  /** A shadow component with the default instance window (90s). */
  public ShadowComponent(Path dataDir, Duration interval) {
    this(dataDir, interval, ShadowLedger.DEFAULT_INSTANCE_WINDOW);
  }

  /** {@code window} when in [1s; 1h], else an error naming the option, the value and the range. */
  public static Duration checkWindow(Duration window) {
    if (window.compareTo(Duration.ofSeconds(1)) < 0 || window.compareTo(Duration.ofHours(1)) > 0) {
      throw new IllegalArgumentException(
          "shadow-instance-window = " + Durations.format(window) + ", must be in [1s; 1h]");
    }
    return window;
  }

  /** Whether {@code spec} is decided in shadow mode. */
  public static boolean isShadow(DeciderSpec spec) {
    return ShadowDeciderProvider.NAME.equals(spec.mode());
  }

  @Override
  public void start(ControlPlaneContext ctx) {
    FunctionStore store = ctx.functionStore();
    ledger = new ShadowLedger(store, instanceWindow);
    if (dataDir != null) {
      file = dataDir.resolve(ShadowFile.FILE_NAME);
      try {
        int n = ShadowFile.read(file, ledger);
        if (n > 0) {
          LOG.info("restored the shadow ledger of " + n + " functions from " + file);
        }
      } catch (IOException | RuntimeException e) {
        LOG.warning(
            "shadow ledger " + file + " is unusable: " + e.getMessage() + "; starting empty");
      }
    }
    DecisionSink adapters = ctx.find(DecisionSink.class).orElse(DecisionSink.noop());
    ShadowLedger l = ledger;
    ctx.put(
        DecisionSink.class,
        (decision, spec) -> {
          if (isShadow(spec)) {
            l.record(decision, spec);
          } else {
            adapters.accept(decision, spec);
          }
        });
    ctx.registry()
        .register(
            new ShadowSeries(
                ledger,
                name -> {
                  FunctionWindows w = store.get(FunctionKey.of(name));
                  return w == null ? 0 : w.invocationsTotal();
                },
                FunctionMetrics.DEFAULT_TOP_N));
    reports = new ReportRoute(store, ledger, ctx.timeSource(), ctx.registry(), reportWait);
    reports.mount(ctx.router());
    if (file != null) {
      executor =
          Executors.newSingleThreadScheduledExecutor(
              r -> {
                Thread t = new Thread(r, "prescale-shadow-ledger");
                t.setDaemon(true);
                return t;
              });
      executor.scheduleWithFixedDelay(
          this::write, interval.toNanos(), interval.toNanos(), TimeUnit.NANOSECONDS);
    }
  }

  private void write() {
    try {
      ShadowFile.write(ledger, file);
    } catch (IOException | RuntimeException e) {
      LOG.log(Level.WARNING, "cannot write the shadow ledger " + file + ": " + e);
    }
  }

  /** How long a report request waits for its replay before 202 (tests); call before start. */
  ShadowComponent reportWait(Duration wait) {
    this.reportWait = wait;
    return this;
  }

  /** The ledger, once started (tests). */
  ShadowLedger ledger() {
    return ledger;
  }

  /** The report route, once started (tests). */
  ReportRoute reports() {
    return reports;
  }

  @Override
  public void stop() {
    if (reports != null) {
      reports.close();
    }
    if (executor != null) {
      executor.shutdown();
      try {
        executor.awaitTermination(10, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
      executor = null;
      write();
    }
  }
}
