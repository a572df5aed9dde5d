package io.prescale.adapter.webhook;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prescale.adapter.http.HttpCalls;
import io.prescale.adapter.spi.ActualState;
import io.prescale.adapter.spi.AdapterException;
import io.prescale.adapter.spi.ApplyOutcome;
import io.prescale.adapter.spi.DesiredState;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.adapter.spi.Target;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.time.TimeSource;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * POSTs each decision as JSON to the target's {@code url}, with {@code X-Prescale-Signature:
 * sha256=<hex HMAC-SHA256 of the body>} when a secret file is set (target key or adapter setting
 * {@code secret-file}; read on every call so rotation needs no restart). It cannot read the
 * receiver's state: the engine compares against what it last sent.
 */
final class WebhookAdapter implements ScalingAdapter {
  /**
   * Cluster mode's fencing token of the sending replica, {@code <replica>/<generation>}: the
   * generation only grows, so a receiver can refuse a call with a lower one than it has seen.
   */
  static final String ORIGIN_HEADER = "Prescale-Origin";

  static final String SIGNATURE_HEADER = "X-Prescale-Signature";
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client;
  private final Duration timeout;
  private final Path defaultSecret;
  private final TimeSource time;

  WebhookAdapter(HttpClient client, Duration timeout, Path defaultSecret, TimeSource time) {
    this.client = client;
    this.timeout = timeout;
    this.defaultSecret = defaultSecret;
    this.time = time;
  }

  @Override
  public String name() {
    return WebhookProvider.NAME;
  }

  @Override
  public List<String> validate(Target target) {
    return problems(target);
  }

  /** The target's problems: {@code url} must be an absolute http:// or https:// URL with a host. */
  static List<String> problems(Target target) {
    List<String> problems = new ArrayList<>();
    try {
      uri(target);
    } catch (IllegalArgumentException e) {
      problems.add(e.getMessage());
    }
    return problems;
  }

  @Override
  public CompletionStage<ApplyOutcome> apply(Target target, DesiredState desired) {
    String body;
    byte[] secret;
    try {
      body = body(target, desired);
      secret = secret(target);
    } catch (IOException | RuntimeException e) {
      return CompletableFuture.failedFuture(
          new AdapterException(AdapterException.Kind.REJECTED, e.getMessage()));
    }
    HttpRequest.Builder request =
        HttpRequest.newBuilder(uri(target))
            .timeout(timeout)
            .header("Content-Type", "application/json")
            .POST(HttpRequest.BodyPublishers.ofString(body));
    if (secret != null) {
      request.header(SIGNATURE_HEADER, Hmac.header(secret, body));
    }
    if (desired.origin() != null) {
      request.header(ORIGIN_HEADER, desired.origin());
    }
    return HttpCalls.send(client, request.build(), time::instant)
        .thenApply(
            r ->
                ApplyOutcome.scaled(
                    desired.previous(), desired.instances(), "webhook answered " + r.statusCode()));
  }

  @Override
  public CompletionStage<ActualState> read(Target target) {
    return CompletableFuture.completedFuture(ActualState.UNKNOWN);
  }

  private static URI uri(Target target) {
    String url = target.require("url");
    URI u;
    try {
      u = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "adapter webhook target key 'url' = " + url + " is not a URI");
    }
    if (!"http".equals(u.getScheme()) && !"https".equals(u.getScheme())) {
      throw new IllegalArgumentException(
          "adapter webhook target key 'url' = " + url + ", must be an http:// or https:// URL");
    }
    if (u.getHost() == null || u.getHost().isBlank()) {
      throw new IllegalArgumentException(
          "adapter webhook target key 'url' = "
              + url
              + " has no host, must be an http:// or https:// URL such as https://hooks.example.com/scale");
    }
    return u;
  }

  private byte[] secret(Target target) throws IOException {
    String fromTarget = target.get("secret-file", null);
    Path file = fromTarget != null ? Path.of(fromTarget) : defaultSecret;
    if (file == null) {
      return null;
    }
    try {
      return Files.readString(file).strip().getBytes(StandardCharsets.UTF_8);
    } catch (IOException e) {
      throw new IOException("adapter webhook secret-file " + file + " cannot be read: " + e, e);
    }
  }

  static String body(Target target, DesiredState desired) throws JsonProcessingException {
    ObjectNode n = JSON.createObjectNode();
    n.put("function", desired.function().value());
    n.put("desiredInstances", desired.instances());
    n.put("previousInstances", desired.previous());
    if (desired.origin() != null) {
      n.put("origin", desired.origin());
    }
    ScaleDecision d = desired.decision();
    if (d != null) {
      n.put("at", d.at().toString());
      n.put("decider", d.decider());
      n.put("reason", d.reason());
      if (d.keepAlive() != null) {
        n.put("keepAliveSeconds", d.keepAlive().toSeconds());
      }
      ObjectNode signals = n.putObject("signals");
      new TreeMap<>(d.signals()).forEach(signals::put);
    } else {
      n.put("reason", "reconcile: re-applying the latest decision after drift");
    }
    ObjectNode t = n.putObject("target");
    for (Map.Entry<String, String> e : new TreeMap<>(target.values()).entrySet()) {
      if (!e.getKey().equals("secret-file")) {
        t.put(e.getKey(), e.getValue());
      }
    }
    return JSON.writeValueAsString(n);
  }
}
