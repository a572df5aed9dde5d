package io.prescale.app.shadow;

import com.fasterxml.jackson.databind.ObjectMapper;
import io.prescale.app.export.ExportRequest;
import io.prescale.app.export.TraceExport;
import io.prescale.collector.window.FunctionStore;
import io.prescale.core.time.Durations;
import io.prescale.core.time.TimeSource;
import io.prescale.simulator.platform.PlatformKind;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.UUID;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.logging.Logger;

/**
 * The API of shadow mode, every long job on the {@link ReplayWorker} (one at a time, 429 with
 * {@code Retry-After} while one runs), never on the event loop or the autoscaler's thread:
 *
 * <ul>
 *   <li>{@code GET /api/v1/report?since=24h[&format=json|html][&platform=autoscaled|on-demand]
 *       [&seed=1][&coldStart=1s][&concurrency=1]}: the shadow report ({@link ReportBuilder}); HTML
 *       when {@code format=html} or the {@code Accept} header prefers {@code text/html}, else JSON.
 *       A replay still running after {@link #WAIT} answers 202 with its progress and {@code
 *       Retry-After}; asking again with the same parameters waits again, then gets the report (kept
 *       {@link #KEEP} after it finished; the connection never idles past the listener's idle
 *       timeout);
 *   <li>{@code GET /api/v1/report/status}: whether a job runs, which, and its progress (0 to 1);
 *   <li>{@code DELETE /api/v1/report}: cancels the running job (its request gets 503);
 *   <li>{@code GET /api/v1/export?since=24h[&format=auto|minutes|seconds][&anonymize=true]
 *       [&salt=S]}: the trace {@code prescale export} writes, as a zip.
 * </ul>
 *
 * 400 names the bad parameter.
 */
final class ReportRoute {
  private static final Logger LOG = Logger.getLogger(ReportRoute.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  static final String RETRY_AFTER_SECONDS = "5";

  private final FunctionStore store;
  private final ShadowLedger ledger;
  private final TimeSource time;
  private final ReplayWorker worker;
  private final Duration wait;
  private volatile Pending current;

  /** How long a finished report is served again to the same parameters. */
  static final Duration KEEP = Duration.ofMinutes(10);

  /** How long a report request waits for its job before answering 202. */
  static final Duration WAIT = Duration.ofSeconds(20);

  ReportRoute(FunctionStore store, ShadowLedger ledger, TimeSource time, PrometheusRegistry reg) {
    this(store, ledger, time, reg, WAIT);
  }

  ReportRoute(
      FunctionStore store,
      ShadowLedger ledger,
      TimeSource time,
      PrometheusRegistry reg,
      Duration wait) {
    this.store = store;
    this.ledger = ledger;
    this.time = time;
    this.worker = new ReplayWorker(reg);
    this.wait = wait;
  }

  void mount(Router router) {
    router.get("/api/v1/report/status").handler(this::status);
    router.get("/api/v1/report").handler(this::report);
    router.delete("/api/v1/report").handler(this::cancel);
    router.get("/api/v1/export").handler(this::export);
  }

  void close() {
    worker.close();
  }

  /** The worker, for tests. */
  ReplayWorker worker() {
    return worker;
  }

  private void status(RoutingContext rc) {
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("running", worker.busy());
    m.put("job", worker.busy() ? worker.kind() : null);
    m.put("progress", worker.busy() ? worker.progress() : null);
    json(rc, 200, m);
  }

  private void cancel(RoutingContext rc) {
    boolean was = worker.cancel();
    json(rc, was ? 202 : 404, Map.of("cancelled", was));
  }

  private void report(RoutingContext rc) {
    ReportRequest req;
    boolean html;
    try {
      Duration since = duration(rc, "since", "24h");
      String platformText = param(rc, "platform", "autoscaled");
      PlatformKind platform = PlatformKind.parse(platformText);
      req =
          new ReportRequest(
              since,
              platform,
              duration(rc, "coldStart", "1s"),
              longParam(rc, "seed", 1),
              (int) longParam(rc, "concurrency", 1),
              ReportRequest.defaultPolicies(platform));
      String format = rc.request().getParam("format");
      if (format != null && !format.equals("json") && !format.equals("html")) {
        throw new IllegalArgumentException("format = " + format + ", must be json or html");
      }
      String accept = rc.request().getHeader("Accept");
      html =
          "html".equals(format)
              || (format == null && accept != null && accept.contains("text/html"));
    } catch (IllegalArgumentException e) {
      text(rc, 400, e.getMessage());
      return;
    }
    Pending p = current;
    if (p == null || !p.request.equals(req) || p.expired(time.nanoTime())) {
      long now = time.epochNanos();
      List<io.prescale.core.FunctionKey> only = ledger.functions();
      CompletableFuture<ShadowReport> f =
          worker.submit(
              "report",
              (done, total, cancelled) -> {
                Path dir = Files.createTempDirectory("prescale-report");
                try {
                  return ReportBuilder.build(
                      store, ledger::minutes, only, req, now, dir, done, total, cancelled::get);
                } finally {
                  TempDirs.delete(dir);
                }
              });
      if (f == null) {
        busy(rc);
        return;
      }
      p = new Pending(req, f);
      Pending started = p;
      f.whenComplete((r, e) -> started.finishedNanos = time.nanoTime());
      current = p;
    }
    Pending job = p;
    if (job.future.isDone()) {
      answer(rc, job, html);
      return;
    }
    // wait a while for it; past that, 202 with the progress: ask again (same parameters) later
    long timer =
        rc.vertx()
            .setTimer(
                Math.max(1, wait.toMillis()),
                id -> {
                  if (!rc.response().ended() && !job.future.isDone()) {
                    rc.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
                    Map<String, Object> m = new LinkedHashMap<>();
                    m.put("status", "running");
                    m.put("progress", worker.progress());
                    json(rc, 202, m);
                  }
                });
    Future.fromCompletionStage(job.future, rc.vertx().getOrCreateContext())
        .onComplete(
            x -> {
              rc.vertx().cancelTimer(timer);
              if (!rc.response().ended()) {
                answer(rc, job, html);
              }
            });
  }

  /** A report job and its parameters; its result is served to repeated asks for a while. */
  private static final class Pending {
    final ReportRequest request;
    final CompletableFuture<ShadowReport> future;
    volatile long finishedNanos = Long.MIN_VALUE;

    Pending(ReportRequest request, CompletableFuture<ShadowReport> future) {
      this.request = request;
      this.future = future;
    }

    boolean expired(long nowNanos) {
      return finishedNanos != Long.MIN_VALUE && nowNanos - finishedNanos > KEEP.toNanos();
    }
  }

  private void answer(RoutingContext rc, Pending job, boolean html) {
    ShadowReport r;
    try {
      r = job.future.getNow(null);
    } catch (RuntimeException e) {
      if (current == job) {
        current = null; // told once; the next ask starts a new replay
      }
      failed(rc, e);
      return;
    }
    if (html) {
      rc.response()
          .putHeader("content-type", "text/html; charset=utf-8")
          .end(LiveReportHtml.write(r));
    } else {
      rc.response().putHeader("content-type", "application/json").end(ReportJson.write(r));
    }
  }

  private void export(RoutingContext rc) {
    ExportRequest req;
    try {
      String salt = rc.request().getParam("salt");
      req =
          new ExportRequest(
              duration(rc, "since", "24h"),
              param(rc, "format", ExportRequest.AUTO),
              Boolean.parseBoolean(param(rc, "anonymize", "false")),
              salt != null ? salt : UUID.randomUUID().toString());
    } catch (IllegalArgumentException e) {
      text(rc, 400, e.getMessage());
      return;
    }
    long now = time.epochNanos();
    CompletableFuture<Path> f =
        worker.submit(
            "export",
            (done, total, cancelled) -> {
              Path dir = Files.createTempDirectory("prescale-export");
              try {
                TraceExport.write(store, null, dir.resolve("trace"), req, now, cancelled::get);
                return TempDirs.zip(dir.resolve("trace"), dir.resolve("trace.zip"));
              } catch (IOException | RuntimeException e) {
                TempDirs.delete(dir);
                throw e;
              }
            });
    if (f == null) {
      busy(rc);
      return;
    }
    Future.fromCompletionStage(f, rc.vertx().getOrCreateContext())
        .onSuccess(
            zip ->
                rc.response()
                    .putHeader("content-type", "application/zip")
                    .putHeader("content-disposition", "attachment; filename=\"prescale-trace.zip\"")
                    .sendFile(zip.toString())
                    .onComplete(x -> TempDirs.delete(zip.getParent())))
        .onFailure(e -> failed(rc, e));
  }

  private void busy(RoutingContext rc) {
    rc.response().putHeader("Retry-After", RETRY_AFTER_SECONDS);
    Map<String, Object> m = new LinkedHashMap<>();
    m.put("error", "a " + worker.kind() + " is running (one at a time); retry later");
    m.put("progress", worker.progress());
    json(rc, 429, m);
  }

  private void failed(RoutingContext rc, Throwable e) {
    Throwable c = e instanceof CompletionException && e.getCause() != null ? e.getCause() : e;
    if (c instanceof CancellationException || "export cancelled".equals(c.getMessage())) {
      text(rc, 503, "cancelled (DELETE /api/v1/report)");
      return;
    }
    LOG.warning("report job failed: " + c);
    text(rc, 500, "report job failed: " + c.getMessage());
  }

  private static Duration duration(RoutingContext rc, String key, String def) {
    return Durations.parse(key, param(rc, key, def));
  }

  private static long longParam(RoutingContext rc, String key, long def) {
    String v = rc.request().getParam(key);
    if (v == null) {
      return def;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      throw new IllegalArgumentException(key + " = " + v + ", must be an integer");
    }
  }

  private static String param(RoutingContext rc, String key, String def) {
    String v = rc.request().getParam(key);
    return v == null ? def : v;
  }

  private static void json(RoutingContext rc, int status, Object body) {
    try {
      rc.response()
          .setStatusCode(status)
          .putHeader("content-type", "application/json")
          .end(JSON.writeValueAsString(body));
    } catch (IOException e) {
      rc.fail(e);
    }
  }

  private static void text(RoutingContext rc, int status, String message) {
    rc.response()
        .setStatusCode(status)
        .putHeader("content-type", "text/plain; charset=utf-8")
        .end(message + "\n");
  }
}
