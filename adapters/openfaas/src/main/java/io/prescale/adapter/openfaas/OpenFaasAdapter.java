package io.prescale.adapter.openfaas;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prescale.adapter.http.HttpCalls;
import io.prescale.adapter.spi.ActualState;
import io.prescale.adapter.spi.AdapterException;
import io.prescale.adapter.spi.ApplyOutcome;
import io.prescale.adapter.spi.DesiredState;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.adapter.spi.Target;
import io.prescale.core.time.TimeSource;
import java.io.IOException;
import java.net.URI;
import java.net.URLEncoder;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;

/**
 * Scales an OpenFaaS function through the gateway: {@code POST /system/scale-function/{name}} with
 * {@code {"serviceName": name, "replicas": n}} (plus {@code namespace} when the target names one),
 * and reads {@code GET /system/function/{name}} ({@code replicas}, {@code availableReplicas}, and
 * the {@code com.openfaas.scale.min/max} labels as the platform's bounds). Basic auth with the
 * gateway's admin user and the password read from a file (the {@code basic-auth-password} key of
 * the OpenFaaS {@code basic-auth} secret) on every call, so rotation needs no restart.
 */
final class OpenFaasAdapter implements ScalingAdapter {
  private static final ObjectMapper JSON = new ObjectMapper();
  private final HttpClient client;
  private final URI gateway;
  private final String user;
  private final Path passwordFile;
  private final Duration timeout;
  private final TimeSource time;

  OpenFaasAdapter(
      HttpClient client,
      URI gateway,
      String user,
      Path passwordFile,
      Duration timeout,
      TimeSource time) {
    this.client = client;
    this.gateway = gateway;
    this.user = user;
    this.passwordFile = passwordFile;
    this.timeout = timeout;
    this.time = time;
  }

  @Override
  public String name() {
    return OpenFaasProvider.NAME;
  }

  @Override
  public List<String> validate(Target target) {
    return problems(target);
  }

  /** The target's problems: {@code function} is required. */
  static List<String> problems(Target target) {
    return target.get("function", null) == null
        ? List.of(
            "adapter openfaas target key 'function' is missing; set it to the OpenFaaS function name")
        : List.of();
  }

  @Override
  public CompletionStage<ApplyOutcome> apply(Target target, DesiredState desired) {
    String fn = target.require("function");
    String ns = target.get("namespace", null);
    ObjectNode body =
        JSON.createObjectNode().put("serviceName", fn).put("replicas", desired.instances());
    if (ns != null) {
      body.put("namespace", ns);
    }
    HttpRequest.Builder req;
    try {
      req =
          request(target, "/system/scale-function/")
              .header("Content-Type", "application/json")
              .POST(HttpRequest.BodyPublishers.ofString(body.toString()));
    } catch (AdapterException e) {
      return CompletableFuture.failedFuture(e);
    }
    return HttpCalls.send(client, req.build(), time::instant)
        .thenApply(
            r ->
                ApplyOutcome.scaled(
                    desired.previous(),
                    desired.instances(),
                    "OpenFaaS "
                        + fn
                        + " replicas -> "
                        + desired.instances()
                        + " (gateway "
                        + r.statusCode()
                        + ")"));
  }

  @Override
  public CompletionStage<ActualState> read(Target target) {
    HttpRequest.Builder req;
    try {
      req = request(target, "/system/function/").GET();
    } catch (AdapterException e) {
      return CompletableFuture.failedFuture(e);
    }
    return HttpCalls.send(client, req.build(), time::instant)
        .thenApply(
            r -> {
              try {
                JsonNode n = JSON.readTree(r.body());
                ActualState s =
                    ActualState.of(
                        n.path("replicas").asInt(0), n.path("availableReplicas").asInt(-1));
                JsonNode labels = n.path("labels");
                int min = labels.path("com.openfaas.scale.min").asInt(0);
                int max = labels.path("com.openfaas.scale.max").asInt(0);
                return s.withBounds(
                    Math.max(0, min), max > 0 && max >= min ? max : Integer.MAX_VALUE);
              } catch (IOException e) {
                throw new AdapterException(
                    AdapterException.Kind.SERVER_ERROR,
                    0,
                    null,
                    "gateway answered unreadable JSON for "
                        + target.require("function")
                        + ": "
                        + e.getMessage(),
                    e);
              }
            });
  }

  private HttpRequest.Builder request(Target target, String prefix) {
    String fn = target.require("function");
    String ns = target.get("namespace", null);
    String path =
        prefix
            + URLEncoder.encode(fn, StandardCharsets.UTF_8)
            + (ns == null ? "" : "?namespace=" + URLEncoder.encode(ns, StandardCharsets.UTF_8));
    HttpRequest.Builder b = HttpRequest.newBuilder(gateway.resolve(path)).timeout(timeout);
    if (passwordFile != null) {
      String password;
      try {
        password = Files.readString(passwordFile).strip();
      } catch (IOException e) {
        throw new AdapterException(
            AdapterException.Kind.REJECTED,
            0,
            null,
            "adapter openfaas password-file " + passwordFile + " cannot be read: " + e,
            e);
      }
      b.header(
          "Authorization",
          "Basic "
              + Base64.getEncoder()
                  .encodeToString((user + ":" + password).getBytes(StandardCharsets.UTF_8)));
    }
    return b;
  }
}
