package io.prescale.collector.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * A sink whose writes become durable later (cluster mode: Kafka's acknowledgement): the client's
 * answer waits for it, and a write that could not be stored is answered 503 + Retry-After.
 */
class DurableAnswerTest {
  private OtlpTestServer server;
  private final HttpClient http = HttpClient.newHttpClient();

  @BeforeEach
  void start() throws Exception {
    server = new OtlpTestServer();
  }

  @AfterEach
  void stop() throws Exception {
    server.close();
  }

  private CompletableFuture<HttpResponse<String>> post() {
    byte[] body =
        ExportTraceServiceRequest.newBuilder()
            .addResourceSpans(
                ResourceSpans.newBuilder()
                    .addScopeSpans(
                        ScopeSpans.newBuilder()
                            .addSpans(Span.newBuilder().setName("s").setStartTimeUnixNano(1))))
            .build()
            .toByteArray();
    return http.sendAsync(
        HttpRequest.newBuilder(URI.create(server.httpBase() + "/v1/traces"))
            .header("Content-Type", "application/x-protobuf")
            .POST(HttpRequest.BodyPublishers.ofByteArray(body))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  @Test
  void theAnswerWaitsUntilTheWritesAreDurable() throws Exception {
    CompletableFuture<Void> acked = new CompletableFuture<>();
    server.sink.answerDurable(() -> acked);
    CompletableFuture<HttpResponse<String>> r = post();
    Thread.sleep(300);
    assertFalse(r.isDone(), "answered before the writes were durable");
    acked.complete(null);
    assertEquals(200, r.get(10, TimeUnit.SECONDS).statusCode());
  }

  @Test
  void writesThatCouldNotBeStoredAreAnswered503ToBeRetried() throws Exception {
    server.sink.answerDurable(
        () -> CompletableFuture.failedFuture(new IllegalStateException("broker unreachable")));
    HttpResponse<String> r = post().get(10, TimeUnit.SECONDS);
    assertEquals(503, r.statusCode(), r.body());
    assertTrue(r.headers().firstValue("Retry-After").isPresent());
    assertTrue(r.body().contains("not stored, retry: broker unreachable"), r.body());
  }
}
