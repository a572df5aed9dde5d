package io.prescale.collector.openwhisk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prescale.collector.http.BoundedBody;
import io.prescale.collector.ingest.IngestResult;
import io.prescale.collector.ingest.TelemetrySink;
import io.prescale.core.time.Durations;
import io.prescale.core.time.EpochNanos;
import io.prescale.core.time.Scheduler;
import io.prescale.core.time.TimeSource;
import io.prescale.core.warmup.WarmupActivations;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.time.ZonedDateTime;
import java.time.format.DateTimeFormatter;
import java.time.format.DateTimeParseException;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;
import java.util.logging.Logger;

/**
 * The {@code openwhisk} source: polls {@code GET /api/v1/namespaces/{ns}/activations?docs=true
 * &since=&upto=&limit=&skip=} for each namespace with basic auth (the API key {@code uuid:key}),
 * and hands the activations of actions to the collector's {@link TelemetrySink} as server spans
 * ({@link ActivationSpans}), where they become invocations as OTLP spans do.
 *
 * <p>No record counts twice: each poll asks from the namespace's cursor (the latest start taken)
 * less the lookback, up to now, newest first, page by page; ids already taken are skipped ({@link
 * SeenActivations}), and the cursor and ids survive restarts in {@link CursorFile}. Warm-up
 * activations (ids the {@code openwhisk} adapter recorded in {@link WarmupActivations}, or a result
 * echoing the {@code __prescale_warmup} marker) are skipped. A 429 waits its Retry-After (else the
 * backoff); failures back off exponentially from the poll interval to the max backoff; every
 * request has a deadline; nothing here is fatal: failures are counted, logged once per change and
 * shown by {@link #status()}. Polls run on the scheduler's thread, one at a time.
 */
public final class OpenWhiskSource implements AutoCloseable {
  private static final Logger LOG = Logger.getLogger(OpenWhiskSource.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final OpenWhiskSourceConfig config;
  private final TelemetrySink sink;
  private final WarmupActivations warmups;
  private final HttpClient client;
  private final TimeSource time;
  private final Scheduler scheduler;
  private final SourceMetrics metrics;
  private final CursorFile cursorFile;
  private final Map<String, Namespace> namespaces = new LinkedHashMap<>();
  private final Map<String, SeenActivations> seen = new LinkedHashMap<>();
  private Scheduler.Cancellable next;
  private boolean closed;
  private volatile String cursorFileError;

  /**
   * What is known of one namespace's polls: written by the polling thread, read by {@link #status}
   * without waiting for a poll in flight.
   */
  private static final class Namespace {
    final String name;
    volatile long nextPollNanos;
    volatile int failures;
    volatile String lastError;
    volatile Instant lastAttempt;
    volatile Instant lastSuccess;
    volatile long taken;
    volatile boolean truncated;
    volatile long cursorMillis;
    volatile int seenIds;
    volatile long seenForgotten;

    Namespace(String name) {
      this.name = name;
    }
  }

  /**
   * @param cursorFile where the cursor and recent ids are kept across restarts; null keeps them in
   *     memory only
   */
  public OpenWhiskSource(
      OpenWhiskSourceConfig config,
      TelemetrySink sink,
      WarmupActivations warmups,
      HttpClient client,
      TimeSource time,
      Scheduler scheduler,
      PrometheusRegistry registry,
      Path cursorFile) {
    this.config = Objects.requireNonNull(config, "config");
    this.sink = Objects.requireNonNull(sink, "sink");
    this.warmups = Objects.requireNonNull(warmups, "warmups");
    this.client = Objects.requireNonNull(client, "client");
    this.time = Objects.requireNonNull(time, "time");
    this.scheduler = Objects.requireNonNull(scheduler, "scheduler");
    this.metrics = new SourceMetrics(registry);
    this.cursorFile = cursorFile == null ? null : new CursorFile(cursorFile);
    for (String ns : config.namespaces()) {
      namespaces.put(ns, new Namespace(ns));
      seen.put(ns, new SeenActivations(config.maxSeenIds()));
    }
    if (this.cursorFile != null) {
      try {
        this.cursorFile.load(seen);
      } catch (IOException e) {
        cursorFileError = "cannot restore: " + e.getMessage() + "; starting from the lookback";
        LOG.warning("openwhisk source: " + cursorFileError);
      }
    }
    for (Namespace ns : namespaces.values()) {
      SeenActivations s = seen.get(ns.name);
      ns.cursorMillis = s.cursorMillis();
      ns.seenIds = s.size();
    }
  }

  /** An HTTP client for the source: connections time out after the request timeout. */
  public static HttpClient client(OpenWhiskSourceConfig config) {
    return HttpClient.newBuilder()
        .connectTimeout(config.timeout())
        .followRedirects(HttpClient.Redirect.NEVER)
        .build();
  }

  /** Polls every namespace now, then each again after its interval (or its backoff). */
  public synchronized void start() {
    schedule(Duration.ZERO);
  }

  private synchronized void tick() {
    if (closed) {
      return;
    }
    pollDue();
    long now = time.nanoTime();
    long soonest = Long.MAX_VALUE;
    for (Namespace ns : namespaces.values()) {
      soonest = Math.min(soonest, ns.nextPollNanos - now);
    }
    schedule(Duration.ofNanos(Math.max(Duration.ofMillis(100).toNanos(), soonest)));
  }

  private void schedule(Duration delay) {
    if (!closed) {
      next = scheduler.schedule(delay, this::tick);
    }
  }

  /** Polls each namespace whose time has come (all of them at the first call). */
  public synchronized void pollDue() {
    for (Namespace ns : namespaces.values()) {
      if (closed) {
        return;
      }
      if (ns.lastAttempt == null || time.nanoTime() - ns.nextPollNanos >= 0) {
        poll(ns);
      }
    }
  }

  private void poll(Namespace ns) {
    try {
      fetchAndTake(ns);
    } finally {
      SeenActivations s = seen.get(ns.name);
      ns.cursorMillis = s.cursorMillis();
      ns.seenIds = s.size();
      ns.seenForgotten = s.forgotten();
    }
  }

  private void fetchAndTake(Namespace ns) {
    ns.lastAttempt = time.instant();
    SeenActivations taken = seen.get(ns.name);
    long nowMillis = EpochNanos.milli(time.epochNanos());
    long lookback = config.lookback().toMillis();
    long since =
        taken.cursorMillis() > 0
            ? Math.max(0, taken.cursorMillis() - lookback)
            : Math.max(0, nowMillis - lookback);
    long newest = 0;
    List<Activation> batch = new ArrayList<>();
    boolean full = false;
    try {
      String auth = authorization();
      for (int page = 0; page < config.maxPages(); page++) {
        JsonNode list = fetch(ns.name, auth, since, nowMillis, page * config.pageLimit());
        batch.clear();
        for (JsonNode n : list) {
          Activation a;
          try {
            a = Activation.parse(n);
          } catch (IllegalArgumentException e) {
            count(ns, "invalid");
            continue;
          }
          if (!taken.firstTime(a.id(), a.startMillis())) {
            count(ns, "duplicate");
            continue;
          }
          newest = Math.max(newest, a.startMillis());
          if (warmups.contains(a.id()) || a.warmupEcho()) {
            count(ns, "warmup");
          } else if (!a.runsAContainer()) {
            count(ns, "not_action");
          } else {
            batch.add(a);
          }
        }
        take(ns, batch);
        full = list.size() >= config.pageLimit();
        if (!full) {
          break;
        }
      }
    } catch (PollFailure t) {
      failed(ns, t.outcome, t.getMessage(), t.retryAfter);
      return;
    }
    if (full) {
      // more than maxPages pages: the next poll reads on (the cursor holds; taken ids are skipped)
      if (!ns.truncated) {
        LOG.warning(
            "openwhisk source: namespace "
                + ns.name
                + " has more than "
                + config.maxPages() * config.pageLimit()
                + " activations since the cursor; the next poll reads on");
      }
      ns.truncated = true;
    } else {
      ns.truncated = false;
      taken.advance(newest);
      taken.forgetBefore(Math.max(0, taken.cursorMillis() - lookback));
    }
    succeeded(ns, nowMillis);
    save();
  }

  private void take(Namespace ns, List<Activation> batch) {
    if (batch.isEmpty()) {
      return;
    }
    IngestResult r = sink.acceptTraces(ActivationSpans.request(batch), time.epochNanos());
    long rejected = r.rejected();
    for (Activation a : batch) {
      if (a.waitMillis() >= 0) {
        metrics.wait.labelValues(ns.name).observe(a.waitMillis() / 1000.0);
      }
    }
    if (rejected > 0) {
      metrics.activations.labelValues(ns.name, "rejected").inc(rejected);
      LOG.fine("openwhisk source: namespace " + ns.name + ": " + r.message());
    }
    // the sink does not say which were rejected: statuses count every activation handed over
    for (Activation a : batch) {
      count(ns, a.status().label);
    }
    ns.taken += batch.size() - rejected;
  }

  private void count(Namespace ns, String outcome) {
    metrics.activations.labelValues(ns.name, outcome).inc();
  }

  private void succeeded(Namespace ns, long nowMillis) {
    if (ns.failures > 0) {
      LOG.info("openwhisk source: namespace " + ns.name + " polls again after " + ns.lastError);
    }
    ns.failures = 0;
    ns.lastError = null;
    ns.lastSuccess = time.instant();
    ns.nextPollNanos = time.nanoTime() + config.pollInterval().toNanos();
    metrics.polls.labelValues(ns.name, "ok").inc();
    SeenActivations s = seen.get(ns.name);
    metrics.seen.labelValues(ns.name).set(s.size());
    if (s.cursorMillis() > 0) {
      metrics.lag.labelValues(ns.name).set(Math.max(0, nowMillis - s.cursorMillis()) / 1000.0);
    }
  }

  private void failed(Namespace ns, String outcome, String message, Duration retryAfter) {
    ns.failures++;
    Duration backoff = config.pollInterval();
    for (int i = 1; i < ns.failures && backoff.compareTo(config.maxBackoff()) < 0; i++) {
      backoff = backoff.multipliedBy(2);
    }
    if (backoff.compareTo(config.maxBackoff()) > 0) {
      backoff = config.maxBackoff();
    }
    if (retryAfter != null && retryAfter.compareTo(backoff) > 0) {
      backoff = retryAfter.compareTo(Duration.ofHours(1)) > 0 ? Duration.ofHours(1) : retryAfter;
    }
    ns.nextPollNanos = time.nanoTime() + backoff.toNanos();
    metrics.polls.labelValues(ns.name, outcome).inc();
    if (!message.equals(ns.lastError)) {
      LOG.warning(
          "openwhisk source: namespace "
              + ns.name
              + " poll "
              + outcome
              + ": "
              + message
              + "; next poll in "
              + Durations.format(backoff));
    }
    ns.lastError = message;
  }

  private void save() {
    if (cursorFile == null) {
      return;
    }
    try {
      cursorFile.save(seen);
      cursorFileError = null;
    } catch (IOException e) {
      String m = "cannot write " + cursorFile.path() + ": " + e.getMessage();
      if (!m.equals(cursorFileError)) {
        LOG.warning("openwhisk source: " + m);
      }
      cursorFileError = m;
    }
  }

  private String authorization() {
    String key;
    try {
      key = Files.readString(config.authFile()).strip();
    } catch (IOException e) {
      throw new PollFailure(
          "failed", "auth file " + config.authFile() + " cannot be read: " + e, null);
    }
    if (key.indexOf(':') <= 0) {
      throw new PollFailure(
          "failed", "auth file " + config.authFile() + " must hold the API key as uuid:key", null);
    }
    return "Basic " + Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }

  private JsonNode fetch(String ns, String auth, long since, long upto, int skip) {
    String path =
        "/api/v1/namespaces/"
            + URLEncoder.encode(ns, StandardCharsets.UTF_8)
            + "/activations?docs=true&since="
            + since
            + "&upto="
            + upto
            + "&limit="
            + config.pageLimit()
            + "&skip="
            + skip;
    String base = config.apiHost().toString();
    URI uri = URI.create((base.endsWith("/") ? base.substring(0, base.length() - 1) : base) + path);
    HttpRequest req =
        HttpRequest.newBuilder(uri)
            .timeout(config.timeout())
            .header("Authorization", auth)
            .header("Accept", "application/json")
            .GET()
            .build();
    HttpResponse<byte[]> r;
    try {
      r =
          client
              .sendAsync(req, BoundedBody.handler(config.maxResponseBytes()))
              .get(config.timeout().toMillis() + 1000, TimeUnit.MILLISECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new PollFailure("failed", "interrupted", null);
    } catch (TimeoutException e) {
      throw new PollFailure(
          "failed", "GET " + uri.getPath() + ": no answer within " + timeoutText(), null);
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      String what =
          c instanceof HttpTimeoutException
              ? "no answer within " + timeoutText()
              : String.valueOf(
                  c.getMessage() == null ? c.getClass().getSimpleName() : c.getMessage());
      throw new PollFailure("failed", "GET " + uri.getPath() + ": " + what, null);
    }
    if (r.statusCode() == 429) {
      throw new PollFailure(
          "throttled",
          "GET " + uri.getPath() + " answered 429 Too Many Requests",
          retryAfter(r.headers().firstValue("Retry-After").orElse(null)));
    }
    if (r.statusCode() / 100 != 2) {
      String body = new String(r.body(), StandardCharsets.UTF_8).strip();
      if (body.length() > 200) {
        body = body.substring(0, 200) + "...";
      }
      throw new PollFailure(
          "failed",
          "GET "
              + uri.getPath()
              + " answered "
              + r.statusCode()
              + (body.isEmpty() ? "" : ": " + body),
          retryAfter(r.headers().firstValue("Retry-After").orElse(null)));
    }
    JsonNode list;
    try {
      list = JSON.readTree(r.body());
    } catch (IOException e) {
      throw new PollFailure("failed", "GET " + uri.getPath() + " answered unreadable JSON", null);
    }
    if (list == null || !list.isArray()) {
      throw new PollFailure(
          "failed", "GET " + uri.getPath() + " answered JSON that is not a list", null);
    }
    return list;
  }

  private String timeoutText() {
    return Durations.format(config.timeout());
  }

  /** Retry-After as seconds or an HTTP date; null when absent or unreadable. */
  Duration retryAfter(String value) {
    if (value == null || value.isBlank()) {
      return null;
    }
    String v = value.trim();
    try {
      long s = Long.parseLong(v);
      return s < 0 ? null : Duration.ofSeconds(Math.min(s, 3600));
    } catch (NumberFormatException e) {
      try {
        Instant at = ZonedDateTime.parse(v, DateTimeFormatter.RFC_1123_DATE_TIME).toInstant();
        Duration d = Duration.between(time.instant(), at);
        return d.isNegative() ? Duration.ZERO : d;
      } catch (DateTimeParseException e2) {
        return null;
      }
    }
  }

  /** The state of every namespace's polls, for {@code GET /api/v1/sources/openwhisk}. */
  public ObjectNode status() {
    ObjectNode out = JSON.createObjectNode();
    out.put("apiHost", config.apiHost().toString());
    out.put("pollInterval", Durations.format(config.pollInterval()));
    out.put("lookback", Durations.format(config.lookback()));
    out.put("warmupIdsRemembered", warmups.size());
    if (cursorFile != null) {
      out.put("cursorFile", cursorFile.path().toString());
    }
    if (cursorFileError != null) {
      out.put("cursorFileError", cursorFileError);
    }
    ArrayNode list = out.putArray("namespaces");
    long now = time.nanoTime();
    for (Namespace ns : namespaces.values()) {
      ObjectNode n = list.addObject().put("namespace", ns.name);
      long cursor = ns.cursorMillis;
      n.put("cursor", cursor > 0 ? Instant.ofEpochMilli(cursor).toString() : null);
      n.put("seenIds", ns.seenIds);
      n.put("seenIdsForgotten", ns.seenForgotten);
      n.put("taken", ns.taken);
      n.put("lastAttempt", ns.lastAttempt == null ? null : ns.lastAttempt.toString());
      n.put("lastSuccess", ns.lastSuccess == null ? null : ns.lastSuccess.toString());
      n.put("consecutiveFailures", ns.failures);
      n.put("lastError", ns.lastError);
      n.put("truncated", ns.truncated);
      n.put(
          "nextPollIn",
          ns.lastAttempt == null
              ? "0s"
              : Durations.format(Duration.ofNanos(Math.max(0, ns.nextPollNanos - now))));
    }
    return out;
  }

  @Override
  public synchronized void close() {
    closed = true;
    if (next != null) {
      next.cancel();
    }
  }

  /** A failed request: the poll outcome label, the message and any Retry-After. */
  private static final class PollFailure extends RuntimeException {
    private static final long serialVersionUID = 1L;
    final String outcome;
    final transient Duration retryAfter;

    PollFailure(String outcome, String message, Duration retryAfter) {
      super(message, null, false, false);
      this.outcome = outcome;
      this.retryAfter = retryAfter;
    }
  }
}
