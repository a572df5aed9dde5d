package io.prescale.app.demo;

import io.prescale.app.ControlPlane;
import io.prescale.app.ControlPlaneContext;
import io.prescale.app.DurationConverter;
import io.prescale.app.RunCommand;
import io.prescale.app.StartupFailure;
import io.prescale.collector.http.ApiServer;
import io.prescale.collector.otlp.OtlpOptions;
import io.prescale.collector.otlp.OtlpServers;
import io.prescale.collector.window.FunctionStore;
import io.prescale.collector.window.FunctionWindows;
import io.prescale.core.FunctionKey;
import io.prescale.core.time.EpochNanos;
import io.prescale.core.time.TimeSource;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.io.PrintWriter;
import java.nio.file.Path;
import java.time.Duration;
import java.util.concurrent.Callable;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.atomic.AtomicBoolean;
import java.util.function.ToLongFunction;
import picocli.CommandLine;
import picocli.CommandLine.Command;
import picocli.CommandLine.Option;

/**
 * {@code prescale demo}: the control plane of {@code prescale run} (same components, same options
 * through {@link RunCommand} as a mixin) plus a workload emulator that closes the loop. Blocks
 * until {@code --duration} elapses or the process is interrupted (Ctrl-C / SIGTERM), then stops the
 * emulator, flushes the spans and stops the control plane.
 */
@Command(
    name = "demo",
    header = "Run the control plane with emulated functions and platform: the loop closed, live.",
    sortOptions = false,
    description = {
      "Runs the control plane of 'prescale run' (adapters from the policy, dry-run",
      "by default) with a workload emulator that closes the loop: traffic goes",
      "through the real OpenTelemetry Java SDK over OTLP to the collector; an",
      "emulated on-demand platform starts instances (with cold-start delays)",
      "following the scale decisions; cold starts come back as faas.coldstart=true.",
      "",
      "Built-in workload (default), namespace 'demo':",
      "  diurnal-api     http    a compressed day: 1/s to 20/s over --day-length",
      "  bursty-ingest   pubsub  30/s for 20 s every 90 s, 0.2/s in between",
      "  nightly-report  timer   one invocation every --timer-every",
      "Or --trace PATH: the busiest functions of a trace (Azure 2019/2021 files).",
      "",
      "Prints a live table every --table-every and, at start, a Prometheus",
      "scrape_configs snippet for /metrics and where the Grafana files are.",
      "Runs in real time: no --speed, as the control plane reads the wall clock.",
      ""
    })
public final class DemoCommand implements Callable<Integer> {
  @CommandLine.Spec CommandLine.Model.CommandSpec spec;

  /** The same control plane options as {@code prescale run} (ports, --bind, ...) and --help. */
  @CommandLine.Mixin RunCommand run;

  @Option(
      names = "--duration",
      paramLabel = "DURATION",
      converter = DurationConverter.Positive.class,
      description = "Stop after this long, e.g. 90s or 10m (default: until Ctrl-C / SIGTERM).")
  Duration duration;

  @Option(
      names = "--trace",
      paramLabel = "PATH",
      description =
          "Replay a trace (e.g. ../shared/traces/azure2019-sample100) instead of the built-in generator.")
  Path trace;

  @Option(
      names = "--trace-functions",
      paramLabel = "N",
      defaultValue = "5",
      description =
          "With --trace: replay the N functions with the most invocations (default: ${DEFAULT-VALUE}).")
  int traceFunctions;

  @Option(
      names = "--trace-offset",
      paramLabel = "DURATION",
      converter = DurationConverter.Positive.class,
      description = "With --trace: start this far into the trace, e.g. 8h (default: its start).")
  Duration traceOffset;

  @Option(
      names = "--cold-start",
      paramLabel = "DURATION",
      defaultValue = "1s",
      converter = DurationConverter.Positive.class,
      description = "With --trace: cold-start delay of every function (default: ${DEFAULT-VALUE}).")
  Duration coldStart;

  @Option(
      names = "--day-length",
      paramLabel = "DURATION",
      defaultValue = "10m",
      converter = DurationConverter.Positive.class,
      description =
          "Built-in generator: length of diurnal-api's compressed day (default: ${DEFAULT-VALUE}).")
  Duration dayLength;

  @Option(
      names = "--timer-every",
      paramLabel = "DURATION",
      defaultValue = "30s",
      converter = DurationConverter.Positive.class,
      description =
          "Built-in generator: period of nightly-report's timer (default: ${DEFAULT-VALUE}).")
  Duration timerEvery;

  @Option(
      names = "--table-every",
      paramLabel = "DURATION",
      defaultValue = "5s",
      converter = DurationConverter.Positive.class,
      description = "How often the live table is printed (default: ${DEFAULT-VALUE}).")
  Duration tableEvery;

  @Option(
      names = "--seed",
      paramLabel = "N",
      defaultValue = "1",
      description = "Seed of the generated arrivals and durations (default: ${DEFAULT-VALUE}).")
  long seed;

  private final CountDownLatch finished = new CountDownLatch(1);

  @Override
  public Integer call() throws Exception {
    run.applyLogFormat();
    OtlpOptions otlp = run.otlpOptions();
    run.security(); // a bad token or TLS file is a usage error before anything starts
    if (run.clusterConfig() != null) {
      throw new CommandLine.ParameterException(
          spec.commandLine(),
          "--kafka-bootstrap: prescale demo runs one process; use prescale run for cluster mode");
    }
    Workload workload = workload();
    PrintWriter out = spec.commandLine().getOut();
    PrintWriter err = spec.commandLine().getErr();

    TimeSource time = TimeSource.system();
    Vertx vertx = Vertx.vertx();
    ControlPlaneContext ctx =
        new ControlPlaneContext(vertx, Router.router(vertx), new PrometheusRegistry(), time);
    ControlPlane plane = run.controlPlane(ctx, otlp);
    try {
      plane.start();
    } catch (Exception e) {
      err.println("prescale demo: " + StartupFailure.describe(e));
      err.flush();
      workload.close();
      closeQuietly(vertx);
      return 2;
    }
    OtlpServers servers = ctx.get(OtlpServers.class);
    int apiPort = ctx.get(ApiServer.class).actualPort();
    String host = clientHost(otlp.bindHost());
    DecisionFeed feed = DecisionFeeds.from(ctx);
    var security = run.security();
    SpanEmitter spans =
        new SpanEmitter(
            workload.functions(),
            security.scheme() + "://" + host + ":" + servers.httpPort(),
            security.ingestToken() == null ? null : security.ingestToken().headerValue(),
            security.tls() == null ? null : security.tls().certificatePem());
    PlatformEmulator emulator = new PlatformEmulator(workload, feed, spans, time);
    Runnable stopAll =
        once(
            () -> {
              emulator.stop();
              spans.flush(Duration.ofSeconds(5));
              spans.close();
              workload.close();
              plane.stop();
              closeQuietly(vertx);
              finished.countDown();
            });
    Thread hook = new Thread(stopAll, "prescale-demo-shutdown");
    Runtime.getRuntime().addShutdownHook(hook);

    DemoText.banner(
        out,
        host,
        servers.httpPort(),
        servers.grpcPort(),
        apiPort,
        workload.describe(),
        feed.describe(),
        duration == null ? "Ctrl-C to stop" : "stops after " + duration.toSeconds() + " s");
    if (security.tlsEnabled() || security.adminToken() != null || security.ingestToken() != null) {
      out.println(
          "security: the endpoints above use "
              + security.scheme()
              + "; the emulator sends the ingest token"
              + (security.adminToken() != null
                  ? "; Prometheus needs 'authorization: {credentials_file: <admin token file>}'"
                  : "")
              + (security.tlsEnabled()
                  ? " and 'scheme: https' with 'tls_config: {ca_file: <cert>}'"
                  : ""));
      out.flush();
    }
    FunctionStore store = ctx.find(FunctionStore.class).orElse(null);
    ToLongFunction<String> collected =
        f -> {
          FunctionWindows w = store == null ? null : store.get(FunctionKey.of(f));
          return store == null ? -1 : w == null ? 0 : w.invocationsTotal();
        };
    emulator.collectedProbe(collected);
    long started = time.nanoTime();
    emulator.start();
    long deadline = duration == null ? Long.MAX_VALUE : started + duration.toNanos();
    long every = tableEvery.toNanos();
    long nextTable = started + every;
    boolean endNoted = false;
    while (time.nanoTime() < deadline) {
      long wait = Math.min(nextTable, deadline) - time.nanoTime();
      if (finished.await(Math.max(1, wait), TimeUnit.NANOSECONDS)) {
        return 0;
      }
      if (time.nanoTime() >= nextTable) {
        PlatformEmulator.Snapshot latest = emulator.latest(); // rows and counts of the same step
        DemoText.table(
            out,
            (time.nanoTime() - started) / EpochNanos.PER_SECOND,
            latest.rows(),
            latest::collectedOf);
        if (workload instanceof TraceWorkload t && t.ended() && !endNoted) {
          out.println(
              "prescale demo: the trace has no more invocations; the platform idles until stopped");
          out.flush();
          endNoted = true;
        }
        nextTable += every;
      }
    }
    out.println("prescale demo: " + duration.toSeconds() + " s elapsed, stopping");
    out.flush();
    stopAll.run();
    try {
      Runtime.getRuntime().removeShutdownHook(hook);
    } catch (IllegalStateException e) {
      // already shutting down
    }
    return 0;
  }

  private Workload workload() {
    try {
      if (trace != null) {
        long offset = traceOffset == null ? 0 : traceOffset.toNanos();
        return new TraceWorkload(trace, traceFunctions, offset, coldStart.toMillis(), seed);
      }
      return new BuiltinWorkload(dayLength, timerEvery, seed);
    } catch (RuntimeException e) {
      throw new CommandLine.ParameterException(spec.commandLine(), e.getMessage(), e);
    }
  }

  /** Where the emulator sends: the bind address, or loopback when bound to every interface. */
  static String clientHost(String bind) {
    return bind.equals("0.0.0.0") || bind.equals("::") || bind.equals("[::]") ? "127.0.0.1" : bind;
  }

  private static void closeQuietly(Vertx vertx) {
    try {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    } catch (Exception e) {
      // best effort at shutdown
    }
  }

  private static Runnable once(Runnable r) {
    AtomicBoolean done = new AtomicBoolean();
    return () -> {
      if (done.compareAndSet(false, true)) {
        r.run();
      }
    };
  }
}
