package io.prescale.adapter.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.prescale.adapter.http.RetryAfter;
import io.prescale.adapter.spi.AdapterException;
import io.prescale.adapter.spi.AdapterException.Kind;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.time.InstantSource;
import java.util.List;
import java.util.Map;
import java.util.function.Function;

/**
 * The Cloud Run Admin API v2 calls the adapter makes, as REST: {@code GET /v2/{name}} (a Service),
 * {@code PATCH /v2/{name}?updateMask=scaling.minInstanceCount} (returns a {@code
 * google.longrunning.Operation}), {@code GET /v2/{operation}} until {@code done}. Each call has the
 * {@code timeout}; an operation is polled every {@code pollInterval}, at most {@code
 * operationTimeout / pollInterval} times, then fails as a TIMEOUT. Credentials' headers (a bearer
 * token) are added per request and appear in no message.
 */
final class CloudRunApi {
  static final String MIN_MASK = "scaling.minInstanceCount";
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY = 1 << 20;

  private final HttpClient http;
  private final URI endpoint;
  private final Duration timeout;
  private final Duration pollInterval;
  private final Duration operationTimeout;
  private final Function<URI, Map<String, List<String>>> auth;
  private final InstantSource clock;

  CloudRunApi(
      HttpClient http,
      URI endpoint,
      Duration timeout,
      Duration pollInterval,
      Duration operationTimeout,
      Function<URI, Map<String, List<String>>> auth,
      InstantSource clock) {
    this.http = http;
    this.endpoint = endpoint;
    this.timeout = timeout;
    this.pollInterval = pollInterval;
    this.operationTimeout = operationTimeout;
    this.auth = auth;
    this.clock = clock;
  }

  /** {@code services.get}. */
  JsonNode getService(String name) {
    return call("GET", "/v2/" + name, null, "get service " + name);
  }

  /**
   * {@code services.patch} of the service-level minimum instances only (no new revision), guarded
   * by {@code etag} when known; awaits the operation and returns the Service it yields (or null
   * when the operation names none).
   */
  JsonNode patchMinInstances(String name, int min, String etag) {
    ObjectNode body = JSON.createObjectNode();
    body.putObject("scaling").put("minInstanceCount", min);
    if (etag != null && !etag.isEmpty()) {
      body.put("etag", etag);
    }
    String what = "patch service " + name + " scaling.minInstanceCount=" + min;
    JsonNode op = call("PATCH", "/v2/" + name + "?updateMask=" + MIN_MASK, body, what);
    return await(op, what);
  }

  private JsonNode await(JsonNode op, String what) {
    long polls = Math.max(1, operationTimeout.toMillis() / Math.max(1, pollInterval.toMillis()));
    String opName = op.path("name").asText("");
    for (long i = 0; !op.path("done").asBoolean(false); i++) {
      if (opName.isEmpty()) {
        throw new AdapterException(
            Kind.SERVER_ERROR, what + ": operation not done and without a name: " + op);
      }
      if (i >= polls) {
        throw new AdapterException(
            Kind.TIMEOUT,
            0,
            null,
            what
                + ": operation "
                + opName
                + " not done after "
                + operationTimeout.toMillis()
                + "ms (setting operation-timeout)",
            null);
      }
      try {
        Thread.sleep(pollInterval.toMillis());
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
        throw new AdapterException(Kind.CONNECTION, what + ": interrupted");
      }
      op = call("GET", "/v2/" + opName, null, "get operation " + opName);
    }
    if (op.hasNonNull("error")) {
      throw GoogleErrors.operation(op.get("error"), what + " (operation " + opName + ")");
    }
    JsonNode response = op.path("response");
    return response.isObject() ? response : null;
  }

  private JsonNode call(String method, String path, JsonNode body, String what) {
    URI uri = endpoint.resolve(path);
    HttpRequest.Builder b =
        HttpRequest.newBuilder(uri)
            .timeout(timeout)
            .header("Accept", "application/json")
            .method(
                method,
                body == null
                    ? HttpRequest.BodyPublishers.noBody()
                    : HttpRequest.BodyPublishers.ofString(body.toString()));
    if (body != null) {
      b.header("Content-Type", "application/json");
    }
    auth.apply(uri).forEach((k, vs) -> vs.forEach(v -> b.header(k, v)));
    HttpResponse<byte[]> r;
    try {
      r = http.send(b.build(), HttpResponse.BodyHandlers.ofByteArray());
    } catch (HttpTimeoutException e) {
      throw new AdapterException(
          Kind.TIMEOUT, 0, null, what + ": no answer within " + timeout.toMillis() + "ms", e);
    } catch (IOException e) {
      throw new AdapterException(Kind.CONNECTION, 0, null, what + ": " + e, e);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AdapterException(Kind.CONNECTION, what + ": interrupted");
    }
    JsonNode json = parse(r.body(), what, r.statusCode());
    if (r.statusCode() / 100 != 2) {
      throw GoogleErrors.http(
          r.statusCode(),
          json,
          RetryAfter.parse(r.headers().firstValue("Retry-After").orElse(null), clock.instant()),
          what);
    }
    if (json == null || !json.isObject()) {
      throw new AdapterException(
          Kind.SERVER_ERROR, what + ": HTTP " + r.statusCode() + " without a JSON object");
    }
    return json;
  }

  private static JsonNode parse(byte[] body, String what, int status) {
    if (body == null || body.length == 0) {
      return null;
    }
    if (body.length > MAX_BODY) {
      throw new AdapterException(
          Kind.SERVER_ERROR,
          what + ": HTTP " + status + " body of " + body.length + " bytes, limit " + MAX_BODY);
    }
    try {
      return JSON.readTree(body);
    } catch (IOException e) {
      if (status / 100 != 2) {
        return null;
      }
      throw new AdapterException(
          Kind.SERVER_ERROR, 0, null, what + ": HTTP " + status + " with unreadable JSON", null);
    }
  }
}
