package io.prescale.adapter.http;

import io.prescale.adapter.spi.AdapterException;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Instant;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * Sends a request asynchronously and turns a non-2xx answer into a classified {@link
 * AdapterException} (409 conflict, 429 throttled with Retry-After, 5xx server error, other 4xx
 * rejected). I/O errors and timeouts pass through for the engine to classify.
 */
public final class HttpCalls {
  private static final int MAX_BODY_IN_MESSAGE = 300;

  private HttpCalls() {}

  public static CompletionStage<HttpResponse<String>> send(
      HttpClient client, HttpRequest request, Supplier<Instant> now) {
    return client
        .sendAsync(request, HttpResponse.BodyHandlers.ofString())
        .thenApply(
            r -> {
              if (r.statusCode() / 100 == 2) {
                return r;
              }
              String retryAfter = r.headers().firstValue("Retry-After").orElse(null);
              String body = r.body() == null ? "" : r.body().strip();
              if (body.length() > MAX_BODY_IN_MESSAGE) {
                body = body.substring(0, MAX_BODY_IN_MESSAGE) + "...";
              }
              throw AdapterException.forStatus(
                  r.statusCode(),
                  RetryAfter.parse(retryAfter, now.get()),
                  request.method()
                      + " "
                      + request.uri().getPath()
                      + (body.isEmpty() ? "" : ": " + body));
            });
  }
}
