package io.prescale.collector.scrape;

import io.prescale.collector.extract.PlatformSeries;
import io.prescale.collector.http.BoundedBody;
import io.prescale.collector.ingest.IngestResult;
import io.prescale.collector.ingest.TelemetrySink;
import io.prescale.core.time.Durations;
import io.prescale.core.time.TimeSource;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.ConnectException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.Collection;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CancellationException;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.RejectedExecutionException;
import java.util.concurrent.ScheduledExecutorService;
import java.util.concurrent.ScheduledFuture;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * Scrapes Prometheus targets and hands their platform series ({@link PlatformSeries}) to the
 * collector's {@link TelemetrySink} as OTLP metrics ({@link ExpositionToOtlp}), the path every
 * metric takes. Targets come and go with {@link #update}; a target's failure (refused, timed out,
 * HTTP status, too large, malformed) is counted, logged once per change of health and shown by
 * {@link #health()}, never fatal. Bounds: one scrape in flight per target, a body of at most {@link
 * Settings#maxBodyBytes()} and {@link Exposition.Limits}, at most {@link Settings#maxTargets()}
 * targets (more are refused and counted). Thread-safe.
 */
public final class Scrapes implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(Scrapes.class.getName());

  /**
   * Bounds of the scraper.
   *
   * @param maxBodyBytes largest exposition body read (default 16 MiB)
   * @param maxTargets targets scraped at once (default 10,000)
   * @param limits the parser's bounds
   * @param scheduled whether targets are scraped on their interval (false: only {@link #scrapeNow},
   *     for tests that drive each scrape)
   */
  public record Settings(
      long maxBodyBytes, int maxTargets, Exposition.Limits limits, boolean scheduled) {
    public static final Settings DEFAULT =
        new Settings(16L << 20, 10_000, Exposition.Limits.DEFAULT, true);
  }

  /** Why a scrape ended: the {@code outcome} label. */
  enum Outcome {
    OK("ok"),
    REFUSED("refused"),
    TIMEOUT("timeout"),
    HTTP_STATUS("http_status"),
    TOO_LARGE("too_large"),
    MALFORMED("malformed"),
    CREDENTIALS("credentials"),
    INTERNAL("internal");

    final String label;

    Outcome(String label) {
      this.label = label;
    }
  }

  private final TelemetrySink sink;
  private final TimeSource time;
  private final Settings settings;
  private final Exposition parser;
  private final ScheduledExecutorService timers;
  private final ExecutorService worker;
  private final HttpClient http;
  private final Map<String, Target> targets = new LinkedHashMap<>();
  private final Counter scrapes;
  private final Counter points;
  private long refusedTargets;

  /** One target's schedule and state; fields written by one scrape at a time. */
  private static final class Target {
    final ScrapeTarget spec;
    final SeriesStarts starts;
    ScheduledFuture<?> schedule;
    volatile boolean inFlight;
    volatile TargetHealth health;

    Target(ScrapeTarget spec, SeriesStarts starts) {
      this.spec = spec;
      this.starts = starts;
      this.health =
          new TargetHealth(spec.source(), spec.url().toString(), "unknown", 0, 0, "", 0, 0, 0, 0);
    }
  }

  public Scrapes(
      TelemetrySink sink, TimeSource time, Settings settings, PrometheusRegistry registry) {
    this.sink = Objects.requireNonNull(sink, "sink");
    this.time = Objects.requireNonNull(time, "time");
    this.settings = Objects.requireNonNull(settings, "settings");
    this.parser = new Exposition(settings.limits());
    this.timers =
        Executors.newSingleThreadScheduledExecutor(
            r -> {
              Thread t = new Thread(r, "prescale-scrape");
              t.setDaemon(true);
              return t;
            });
    this.worker =
        Executors.newSingleThreadExecutor(
            r -> {
              Thread t = new Thread(r, "prescale-scrape-http");
              t.setDaemon(true);
              return t;
            });
    this.http =
        HttpClient.newBuilder()
            .executor(worker)
            .followRedirects(HttpClient.Redirect.NEVER)
            .connectTimeout(Duration.ofSeconds(10))
            .build();
    this.scrapes =
        Counter.builder()
            .name("prescale_scrape_requests")
            .help(
                "Scrapes of Prometheus sources by source and outcome (ok, refused, timeout,"
                    + " http_status, too_large, malformed, credentials, internal)")
            .labelNames("source", "outcome")
            .register(registry);
    this.points =
        Counter.builder()
            .name("prescale_scrape_points")
            .help("Platform-series data points scraped and handed to the collector, by source")
            .labelNames("source")
            .register(registry);
    GaugeWithCallback.builder()
        .name("prescale_scrape_targets")
        .help("Scrape targets by source and health (up, down, unknown)")
        .labelNames("source", "health")
        .callback(
            cb -> {
              Map<List<String>, Integer> n = new HashMap<>();
              for (TargetHealth h : health()) {
                n.merge(List.of(h.source(), h.health()), 1, Integer::sum);
              }
              n.forEach((k, v) -> cb.call(v, k.get(0), k.get(1)));
            })
        .register(registry);
    GaugeWithCallback.builder()
        .name("prescale_scrape_targets_refused")
        .help("Targets not scraped because more than the target limit were configured")
        .callback(cb -> cb.call(refusedTargets()))
        .register(registry);
  }

  /**
   * Scrapes exactly {@code wanted} from now on: new targets start (first scrape within the smaller
   * of their interval and 5s), removed ones stop and are forgotten, a target whose settings changed
   * restarts and keeps its series' start times.
   */
  public synchronized void update(Collection<ScrapeTarget> wanted) {
    Map<String, ScrapeTarget> next = new LinkedHashMap<>();
    long refused = 0;
    for (ScrapeTarget t : wanted) {
      if (next.size() >= settings.maxTargets() && !next.containsKey(t.id())) {
        refused++;
        continue;
      }
      next.put(t.id(), t);
    }
    if (refused > 0 && refused != refusedTargets) {
      LOG.warning(
          "prescale scrape: "
              + refused
              + " targets not scraped, more than the limit of "
              + settings.maxTargets());
    }
    refusedTargets = refused;
    Map<String, SeriesStarts> changed = new HashMap<>();
    targets
        .entrySet()
        .removeIf(
            e -> {
              ScrapeTarget t = next.get(e.getKey());
              if (t != null && t.equals(e.getValue().spec)) {
                return false;
              }
              if (t != null) {
                changed.put(e.getKey(), e.getValue().starts); // same endpoint, same counters
              }
              cancel(e.getValue());
              return true;
            });
    for (ScrapeTarget t : next.values()) {
      if (targets.containsKey(t.id())) {
        continue;
      }
      SeriesStarts starts = changed.get(t.id());
      Target x = new Target(t, starts != null ? starts : new SeriesStarts(t.startNanos()));
      targets.put(t.id(), x);
      if (settings.scheduled() && !timers.isShutdown()) {
        long intervalMs = Math.max(1, t.interval().toMillis());
        long spread = Math.min(intervalMs, 5_000);
        long offset = Math.floorMod(t.id().hashCode(), spread);
        x.schedule =
            timers.scheduleAtFixedRate(() -> start(x), offset, intervalMs, TimeUnit.MILLISECONDS);
      }
    }
  }

  /** Every target's health, in configuration order. */
  public synchronized List<TargetHealth> health() {
    List<TargetHealth> out = new ArrayList<>(targets.size());
    for (Target t : targets.values()) {
      out.add(t.health);
    }
    return out;
  }

  /** Targets refused by the limit at the last {@link #update}. */
  public synchronized long refusedTargets() {
    return refusedTargets;
  }

  /**
   * Scrapes the target {@code id} now (the path the schedule takes) and completes with its health;
   * for tests and tools. Completes with null for an unknown target or one already in flight.
   */
  public CompletableFuture<TargetHealth> scrapeNow(String id) {
    Target t;
    synchronized (this) {
      t = targets.get(id);
    }
    return t == null ? CompletableFuture.completedFuture(null) : scrape(t);
  }

  private void start(Target t) {
    scrape(t);
  }

  private CompletableFuture<TargetHealth> scrape(Target t) {
    synchronized (t) {
      if (t.inFlight) {
        return CompletableFuture.completedFuture(null);
      }
      t.inFlight = true;
    }
    ScrapeTarget spec = t.spec;
    long startedNanos = time.nanoTime();
    HttpRequest request;
    try {
      request = request(spec);
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.completedFuture(
          failed(
              t, Outcome.CREDENTIALS, "cannot read credentials: " + e.getMessage(), startedNanos));
    }
    CompletableFuture<HttpResponse<byte[]>> sent =
        http.sendAsync(request, BoundedBody.handler(settings.maxBodyBytes()));
    // the whole exchange, body included, within the timeout: cancel(true) aborts it (JDK 16+)
    ScheduledFuture<?> timer;
    try {
      timer =
          timers.schedule(
              () -> sent.cancel(true), spec.timeout().toMillis(), TimeUnit.MILLISECONDS);
    } catch (RejectedExecutionException closed) {
      sent.cancel(true);
      timer = null;
    }
    ScheduledFuture<?> stopTimer = timer;
    return sent.handleAsync(
            (response, error) -> {
              if (stopTimer != null) {
                stopTimer.cancel(false);
              }
              return done(t, response, error, startedNanos);
            },
            worker)
        .exceptionally(e -> failed(t, Outcome.INTERNAL, "internal error: " + e, startedNanos));
  }

  private static HttpRequest request(ScrapeTarget spec) throws IOException {
    HttpRequest.Builder b =
        HttpRequest.newBuilder(spec.url())
            .timeout(spec.timeout())
            .header("Accept", "text/plain;version=0.0.4;q=1,*/*;q=0.1")
            .header("User-Agent", "prescale-scrape")
            .GET();
    ScrapeTarget.Auth a = spec.auth();
    if (a.tokenFile() != null) {
      b.header("Authorization", "Bearer " + Files.readString(a.tokenFile()).trim());
    } else if (a.username() != null) {
      String pair = a.username() + ":" + Files.readString(a.passwordFile()).trim();
      b.header(
          "Authorization",
          "Basic " + Base64.getEncoder().encodeToString(pair.getBytes(StandardCharsets.UTF_8)));
    }
    return b.build();
  }

  private TargetHealth done(
      Target t, HttpResponse<byte[]> response, Throwable error, long startedNanos) {
    if (error != null) {
      Throwable e =
          error instanceof CompletionException && error.getCause() != null
              ? error.getCause()
              : error;
      if (e instanceof BoundedBody.TooLarge) {
        return failed(t, Outcome.TOO_LARGE, e.getMessage(), startedNanos);
      }
      if (e instanceof HttpTimeoutException
          || e instanceof TimeoutException
          || e instanceof CancellationException) {
        return failed(
            t,
            Outcome.TIMEOUT,
            "no complete answer within " + Durations.format(t.spec.timeout()),
            startedNanos);
      }
      String why = e instanceof ConnectException ? "connection refused" : e.toString();
      return failed(t, Outcome.REFUSED, why, startedNanos);
    }
    if (response.statusCode() != 200) {
      return failed(
          t, Outcome.HTTP_STATUS, "HTTP " + response.statusCode() + ", expected 200", startedNanos);
    }
    long now = time.epochNanos();
    ExpositionToOtlp.Result r;
    try {
      r =
          ExpositionToOtlp.convert(
              t.spec,
              parser.parse(
                  new String(response.body(), StandardCharsets.UTF_8), PlatformSeries::understands),
              now,
              t.starts);
    } catch (ExpositionException e) {
      return failed(t, Outcome.MALFORMED, "malformed exposition: " + e.getMessage(), startedNanos);
    }
    IngestResult ingested = sink.acceptMetrics(r.request(), now);
    points.labelValues(t.spec.source()).inc(r.points());
    scrapes.labelValues(t.spec.source(), Outcome.OK.label).inc();
    String note = "";
    if (r.dropped() > 0) {
      note = r.dropped() + " histogram series left out (buckets not cumulative or no +Inf)";
    }
    if (!ingested.isFullSuccess()) {
      note = (note.isEmpty() ? "" : note + "; ") + ingested.message();
    }
    long ms = time.epochNanos() / 1_000_000;
    TargetHealth before = t.health;
    TargetHealth h =
        new TargetHealth(
            t.spec.source(),
            t.spec.url().toString(),
            "up",
            ms,
            ms,
            note,
            0,
            (time.nanoTime() - startedNanos) / 1_000_000,
            r.points(),
            t.starts.size());
    t.health = h;
    t.inFlight = false;
    if (!before.health().equals("up")) {
      LOG.info("prescale scrape: " + t.spec.id() + " is up (" + r.points() + " points)");
    }
    return h;
  }

  private TargetHealth failed(Target t, Outcome o, String why, long startedNanos) {
    scrapes.labelValues(t.spec.source(), o.label).inc();
    long ms = time.epochNanos() / 1_000_000;
    TargetHealth before = t.health;
    TargetHealth h =
        new TargetHealth(
            t.spec.source(),
            t.spec.url().toString(),
            "down",
            ms,
            before.lastSuccessMillis(),
            o.label + ": " + why,
            before.consecutiveFailures() + 1,
            (time.nanoTime() - startedNanos) / 1_000_000,
            before.points(),
            t.starts.size());
    t.health = h;
    t.inFlight = false;
    if (!before.health().equals("down")) {
      LOG.warning("prescale scrape: " + t.spec.id() + " failed: " + h.lastError());
    }
    return h;
  }

  private static void cancel(Target t) {
    if (t.schedule != null) {
      t.schedule.cancel(false);
    }
  }

  @Override
  public synchronized void close() {
    targets.values().forEach(Scrapes::cancel);
    targets.clear();
    timers.shutdownNow();
    worker.shutdownNow();
  }
}
