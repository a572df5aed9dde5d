package io.prescale.adapter.azure;

import com.azure.core.http.HttpHeaderName;
import com.azure.core.http.HttpHeaders;
import com.azure.core.http.HttpMethod;
import com.azure.core.http.HttpPipeline;
import com.azure.core.http.HttpRequest;
import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import io.prescale.adapter.http.RetryAfter;
import io.prescale.adapter.spi.AdapterException;
import io.prescale.adapter.spi.AdapterException.Kind;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.net.URI;
import java.nio.ByteBuffer;
import java.time.Duration;
import java.time.InstantSource;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/**
 * Azure Resource Manager calls through an azure-core {@link HttpPipeline}: GET and PATCH of a
 * resource with the {@code api-version} query parameter. A PATCH answered {@code 202 Accepted} is
 * awaited: its {@code Azure-AsyncOperation} URL is polled until the status is {@code Succeeded},
 * {@code Failed} or {@code Canceled}, else its {@code Location} URL until it stops answering 202;
 * every {@code pollInterval}, or the Retry-After the answer asks for if longer, at most {@code
 * operationTimeout} in all, then a TIMEOUT. Each call has {@code timeout}; bodies above 1 MiB are
 * refused.
 */
final class ArmApi {
  static final HttpHeaderName ASYNC_OPERATION = HttpHeaderName.fromString("Azure-AsyncOperation");
  private static final ObjectMapper JSON = new ObjectMapper();
  private static final int MAX_BODY = 1 << 20;

  private final HttpPipeline pipeline;
  private final URI endpoint;
  private final String apiVersion;
  private final Duration timeout;
  private final Duration pollInterval;
  private final Duration operationTimeout;
  private final InstantSource clock;

  ArmApi(
      HttpPipeline pipeline,
      URI endpoint,
      String apiVersion,
      Duration timeout,
      Duration pollInterval,
      Duration operationTimeout,
      InstantSource clock) {
    this.pipeline = pipeline;
    this.endpoint = endpoint;
    this.apiVersion = apiVersion;
    this.timeout = timeout;
    this.pollInterval = pollInterval;
    this.operationTimeout = operationTimeout;
    this.clock = clock;
  }

  private record Answer(int status, HttpHeaders headers, JsonNode body) {}

  /** GET {@code path}{@code ?api-version=}. */
  JsonNode get(String path) {
    return ok(send(HttpMethod.GET, url(path), null, "GET " + path), "GET " + path).body();
  }

  /** PATCH {@code path} with {@code body}, awaiting an asynchronous completion. */
  void patch(String path, JsonNode body) {
    String what = "PATCH " + path;
    Answer a = ok(send(HttpMethod.PATCH, url(path), body, what), what);
    if (a.status() == 202) {
      await(a, what);
    }
  }

  private void await(Answer accepted, String what) {
    String async = accepted.headers().getValue(ASYNC_OPERATION);
    String location = accepted.headers().getValue(HttpHeaderName.LOCATION);
    if (async == null && location == null) {
      return; // accepted without a way to follow it: the next read tells
    }
    long budget = operationTimeout.toMillis();
    Answer last = accepted;
    while (true) {
      long wait = pollInterval.toMillis();
      Duration asked =
          RetryAfter.parse(last.headers().getValue(HttpHeaderName.RETRY_AFTER), clock.instant());
      if (asked != null) {
        wait = Math.max(wait, asked.toMillis());
      }
      if (wait > budget) {
        throw new AdapterException(
            Kind.TIMEOUT,
            0,
            null,
            what
                + ": operation not finished within "
                + operationTimeout.toMillis()
                + "ms (setting operation-timeout)",
            null);
      }
      budget -= wait;
      sleep(wait, what);
      if (async != null) {
        last = ok(send(HttpMethod.GET, checked(async, what), null, what + " status"), what);
        String status = last.body() == null ? "" : last.body().path("status").asText("");
        if (status.equals("Succeeded")) {
          return;
        }
        if (status.equals("Failed") || status.equals("Canceled")) {
          throw ArmErrors.operation(status, last.body(), what);
        }
      } else {
        last = ok(send(HttpMethod.GET, checked(location, what), null, what + " status"), what);
        if (last.status() != 202) {
          return;
        }
      }
    }
  }

  /** A polling URL must be on the configured endpoint's host: no token goes elsewhere. */
  private String checked(String url, String what) {
    URI u;
    try {
      u = URI.create(url);
    } catch (IllegalArgumentException e) {
      throw new AdapterException(Kind.SERVER_ERROR, what + ": unreadable polling URL");
    }
    if (u.getHost() == null
        || !u.getHost().equalsIgnoreCase(endpoint.getHost())
        || u.getPort() != endpoint.getPort()) {
      throw new AdapterException(
          Kind.SERVER_ERROR,
          what + ": polling URL on host " + u.getHost() + ", expected " + endpoint.getHost());
    }
    return url;
  }

  private String url(String path) {
    return endpoint.resolve(path) + "?api-version=" + apiVersion;
  }

  private Answer ok(Answer a, String what) {
    if (a.status() / 100 == 2) {
      return a;
    }
    throw ArmErrors.http(
        a.status(),
        a.body(),
        RetryAfter.parse(a.headers().getValue(HttpHeaderName.RETRY_AFTER), clock.instant()),
        what);
  }

  private Answer send(HttpMethod method, String url, JsonNode body, String what) {
    HttpRequest request = new HttpRequest(method, url);
    request.setHeader(HttpHeaderName.ACCEPT, "application/json");
    if (body != null) {
      request.setHeader(HttpHeaderName.CONTENT_TYPE, "application/json");
      request.setBody(body.toString());
    }
    CompletableFuture<Answer> f =
        pipeline
            .send(request)
            .flatMap(
                r ->
                    r.getBody()
                        .reduce(
                            new ByteArrayOutputStream(),
                            (out, buf) -> {
                              append(out, buf, what);
                              return out;
                            })
                        .defaultIfEmpty(new ByteArrayOutputStream())
                        .map(
                            out -> new Answer(r.getStatusCode(), r.getHeaders(), parse(out, what))))
            .toFuture();
    try {
      return f.get(timeout.toMillis(), TimeUnit.MILLISECONDS);
    } catch (TimeoutException e) {
      f.cancel(true);
      throw new AdapterException(
          Kind.TIMEOUT, 0, null, what + ": no answer within " + timeout.toMillis() + "ms", e);
    } catch (InterruptedException e) {
      f.cancel(true);
      Thread.currentThread().interrupt();
      throw new AdapterException(Kind.CONNECTION, what + ": interrupted");
    } catch (ExecutionException e) {
      Throwable c = e.getCause();
      if (c instanceof AdapterException ae) {
        throw ae;
      }
      if (c instanceof IllegalArgumentException iae) {
        throw new AdapterException(Kind.REJECTED, 0, null, iae.getMessage(), null);
      }
      throw new AdapterException(
          Kind.CONNECTION,
          0,
          null,
          what + ": " + c.getClass().getSimpleName() + ": " + c.getMessage(),
          c);
    }
  }

  private static void append(ByteArrayOutputStream out, ByteBuffer buf, String what) {
    if (out.size() + buf.remaining() > MAX_BODY) {
      throw new AdapterException(
          Kind.SERVER_ERROR, what + ": answer body above the limit of " + MAX_BODY + " bytes");
    }
    byte[] b = new byte[buf.remaining()];
    buf.get(b);
    out.write(b, 0, b.length);
  }

  private static JsonNode parse(ByteArrayOutputStream out, String what) {
    if (out.size() == 0) {
      return null;
    }
    try {
      return JSON.readTree(out.toByteArray());
    } catch (IOException e) {
      return null;
    }
  }

  private static void sleep(long millis, String what) {
    try {
      Thread.sleep(millis);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
      throw new AdapterException(Kind.CONNECTION, what + ": interrupted");
    }
  }
}
