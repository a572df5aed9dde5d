package io.prescale.adapter.openwhisk;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prescale.adapter.http.HttpCalls;
import io.prescale.adapter.spi.ActualState;
import io.prescale.adapter.spi.AdapterException;
import io.prescale.adapter.spi.ApplyOutcome;
import io.prescale.adapter.spi.DesiredState;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.adapter.spi.Target;
import io.prescale.core.time.Durations;
import io.prescale.core.time.TimeSource;
import io.prescale.core.warmup.WarmupActivations;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Base64;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.atomic.AtomicLong;
import java.util.function.Supplier;

/**
 * Keeps N containers of an OpenWhisk action warm. OpenWhisk has no minimum-instances setting: an
 * invoker keeps a container after an activation until it has been idle for {@code
 * whisk.container-proxy.timeouts.idle-container} (10 minutes by default). So applying N fires a
 * <em>warm-up round</em>: N concurrent non-blocking invocations {@code POST
 * /api/v1/namespaces/{ns}/actions/{action}?blocking=false} with the body {@code
 * {"__prescale_warmup": true, "__prescale_round": R}}; each answers 202 {@code {"activationId":
 * ...}}, and the ids go to {@link WarmupActivations} so that the {@code openwhisk} source leaves
 * them out of the action's traffic. The action should return at once on the marker (README,
 * "openwhisk").
 *
 * <p>A round keeps its containers for the idle timeout; {@link #read} reports N while the latest
 * round is younger than the idle timeout less the refresh margin, then 0, so the engine's reconcile
 * (every 30 s) sees the drift and re-applies N: a new round before the containers are reclaimed.
 * Applying N while a fresh round of at least N stands makes no call. Applying 0 forgets the round
 * (the containers idle out). All retries, backoff, coalescing and the circuit breaker are the
 * engine's; a round with any failed invocation fails as the first failure is classified ({@link
 * HttpCalls}: 429 throttled with Retry-After, 5xx server error, other 4xx rejected) and is sent
 * again whole.
 */
final class OpenWhiskAdapter implements ScalingAdapter {
  static final String MARKER = "__prescale_warmup";
  static final String ROUND = "__prescale_round";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final AtomicLong ROUNDS = new AtomicLong();

  private final HttpClient client;
  private final URI apiHost;
  private final Path authFile;
  private final Duration timeout;
  private final Duration fresh;
  private final int maxWarm;
  private final TimeSource time;
  private final WarmupActivations warmups;
  private final Map<String, Round> rounds = new ConcurrentHashMap<>();

  /** The latest round of a target: what was asked, how many were fired, and when (nanoTime). */
  private record Round(int desired, int fired, long atNanos) {}

  OpenWhiskAdapter(
      HttpClient client,
      URI apiHost,
      Path authFile,
      Duration timeout,
      Duration idleTimeout,
      Duration refreshMargin,
      int maxWarm,
      TimeSource time,
      WarmupActivations warmups) {
    this.client = client;
    this.apiHost = apiHost;
    this.authFile = authFile;
    this.timeout = timeout;
    this.fresh = idleTimeout.minus(refreshMargin);
    this.maxWarm = maxWarm;
    this.time = time;
    this.warmups = warmups;
  }

  @Override
  public String name() {
    return OpenWhiskProvider.NAME;
  }

  @Override
  public List<String> validate(Target target) {
    return ActionRef.problems(target);
  }

  @Override
  public Map<String, String> targetFor(
      Map<String, String> target, String function, Supplier<Map<String, String>> labels) {
    return ActionRef.derive(target, function);
  }

  @Override
  public CompletionStage<ApplyOutcome> apply(Target target, DesiredState desired) {
    ActionRef action;
    String auth;
    try {
      action = ActionRef.of(target);
      auth = authorization();
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    int n = desired.instances();
    long now = time.nanoTime();
    Round last = rounds.get(target.id());
    if (n == 0) {
      rounds.remove(target.id());
      return CompletableFuture.completedFuture(
          ApplyOutcome.scaled(
              desired.previous(),
              0,
              "OpenWhisk " + action + ": no warm-ups; its containers idle out"));
    }
    if (last != null && isFresh(last, now) && last.fired() >= n) {
      rounds.put(target.id(), new Round(n, last.fired(), last.atNanos()));
      return CompletableFuture.completedFuture(
          ApplyOutcome.noop(
              n,
              "OpenWhisk "
                  + action
                  + ": "
                  + last.fired()
                  + " warmed "
                  + Durations.format(Duration.ofNanos(now - last.atNanos()))
                  + " ago, still warm"));
    }
    long round = ROUNDS.incrementAndGet();
    String body = JSON.createObjectNode().put(MARKER, true).put(ROUND, round).toString();
    URI uri = apiHost.resolve(action.path() + "?blocking=false");
    List<CompletableFuture<String>> calls = new ArrayList<>();
    for (int i = 0; i < n; i++) {
      HttpRequest req =
          HttpRequest.newBuilder(uri)
              .timeout(timeout)
              .header("Authorization", auth)
              .header("Content-Type", "application/json")
              .header("Accept", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body))
              .build();
      calls.add(
          HttpCalls.send(client, req, time::instant)
              .thenApply(this::activationId)
              .toCompletableFuture());
    }
    return CompletableFuture.allOf(calls.toArray(CompletableFuture[]::new))
        .handle(
            (v, e) -> {
              int ok = 0;
              List<AdapterException> failures = new ArrayList<>();
              for (CompletableFuture<String> c : calls) {
                if (c.isCompletedExceptionally()) {
                  failures.add(classify(c.handle((x, t) -> t).join()));
                } else {
                  warmups.add(c.join());
                  ok++;
                }
              }
              if (!failures.isEmpty()) {
                throw roundFailed(action, ok, n, failures);
              }
              rounds.put(target.id(), new Round(n, n, time.nanoTime()));
              return ApplyOutcome.scaled(
                  desired.previous(),
                  n,
                  "OpenWhisk "
                      + action
                      + ": "
                      + n
                      + " warm-up invocations accepted (round "
                      + round
                      + "), repeated before the "
                      + Durations.format(fresh)
                      + " refresh");
            });
  }

  @Override
  public CompletionStage<ActualState> read(Target target) {
    try {
      ActionRef.of(target);
    } catch (RuntimeException e) {
      return CompletableFuture.failedFuture(e);
    }
    Round last = rounds.get(target.id());
    int warm = last != null && isFresh(last, time.nanoTime()) ? last.desired() : 0;
    return CompletableFuture.completedFuture(new ActualState(warm, -1, 0, maxWarm));
  }

  /** A failed warm-up invocation as an {@link AdapterException} (I/O errors and timeouts too). */
  static AdapterException classify(Throwable t) {
    Throwable c = t;
    while ((c instanceof CompletionException || c instanceof ExecutionException)
        && c.getCause() != null) {
      c = c.getCause();
    }
    if (c instanceof AdapterException ae) {
      return ae;
    }
    if (c instanceof HttpTimeoutException) {
      return new AdapterException(AdapterException.Kind.TIMEOUT, 0, null, "timed out", c);
    }
    if (c instanceof IOException) {
      return new AdapterException(
          AdapterException.Kind.CONNECTION, 0, null, String.valueOf(c.getMessage()), c);
    }
    if (c instanceof IllegalArgumentException) {
      return new AdapterException(AdapterException.Kind.REJECTED, 0, null, c.getMessage(), c);
    }
    return new AdapterException(
        AdapterException.Kind.SERVER_ERROR, 0, null, String.valueOf(c.getMessage()), c);
  }

  /**
   * The failure of a round: classified as its most telling invocation (a rejection, else a throttle
   * with the longest Retry-After, else a conflict, a server error, a timeout, a connection error),
   * the message counting each kind.
   */
  static AdapterException roundFailed(
      ActionRef action, int ok, int n, List<AdapterException> failures) {
    List<AdapterException.Kind> order =
        List.of(
            AdapterException.Kind.REJECTED,
            AdapterException.Kind.THROTTLED,
            AdapterException.Kind.CONFLICT,
            AdapterException.Kind.SERVER_ERROR,
            AdapterException.Kind.TIMEOUT,
            AdapterException.Kind.CONNECTION);
    AdapterException pick = failures.get(0);
    for (AdapterException f : failures) {
      int a = order.indexOf(f.kind());
      int b = order.indexOf(pick.kind());
      if (a < b
          || a == b
              && f.retryAfter()
                      .orElse(Duration.ZERO)
                      .compareTo(pick.retryAfter().orElse(Duration.ZERO))
                  > 0) {
        pick = f;
      }
    }
    Map<String, Integer> byMessage = new LinkedHashMap<>();
    for (AdapterException f : failures) {
      byMessage.merge(f.getMessage(), 1, Integer::sum);
    }
    StringBuilder m =
        new StringBuilder("OpenWhisk ")
            .append(action)
            .append(" warm-up round: ")
            .append(ok)
            .append(" of ")
            .append(n)
            .append(" invocations accepted");
    int shown = 0;
    for (Map.Entry<String, Integer> e : byMessage.entrySet()) {
      if (shown++ == 3) {
        m.append("; ...");
        break;
      }
      m.append("; ").append(e.getValue()).append(" x ").append(e.getKey());
    }
    return new AdapterException(
        pick.kind(), pick.status(), pick.retryAfter().orElse(null), m.toString(), pick);
  }

  private boolean isFresh(Round r, long now) {
    return now - r.atNanos() < fresh.toNanos();
  }

  private String activationId(HttpResponse<String> r) {
    try {
      JsonNode n = JSON.readTree(r.body());
      JsonNode id = n == null ? null : n.get("activationId");
      if (id == null || !id.isTextual()) {
        throw new AdapterException(
            AdapterException.Kind.SERVER_ERROR,
            r.statusCode(),
            null,
            "invoke answered " + r.statusCode() + " without an activationId",
            null);
      }
      return id.asText();
    } catch (IOException e) {
      throw new AdapterException(
          AdapterException.Kind.SERVER_ERROR,
          r.statusCode(),
          null,
          "invoke answered unreadable JSON: " + e.getMessage(),
          e);
    }
  }

  private String authorization() {
    String key;
    try {
      key = Files.readString(authFile).strip();
    } catch (IOException e) {
      throw new AdapterException(
          AdapterException.Kind.REJECTED,
          0,
          null,
          "adapter openwhisk auth-file " + authFile + " cannot be read: " + e,
          e);
    }
    if (key.indexOf(':') <= 0) {
      throw new AdapterException(
          AdapterException.Kind.REJECTED,
          0,
          null,
          "adapter openwhisk auth-file " + authFile + " must hold the API key as uuid:key",
          null);
    }
    return "Basic " + Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8));
  }
}
