package io.prescale.collector.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.api.common.AttributeKey;
import io.opentelemetry.api.common.Attributes;
import io.opentelemetry.exporter.otlp.http.trace.OtlpHttpSpanExporter;
import io.opentelemetry.sdk.common.CompletableResultCode;
import io.opentelemetry.sdk.resources.Resource;
import io.opentelemetry.sdk.trace.SdkTracerProvider;
import io.opentelemetry.sdk.trace.export.BatchSpanProcessor;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * The real SDK exporter is throttled by a full queue (503 + Retry-After), retries, and gets
 * through.
 */
class OtlpSdkRetryTest {
  @Test
  void sdkRetriesAfterAFullQueue() throws Exception {
    try (OtlpTestServer server =
        new OtlpTestServer(OtlpOptions.defaults().withQueueCapacity(1).withServerInstances(1))) {
      String url = server.httpBase() + "/v1/traces";
      server.sink.hold();
      byte[] body = Requests.spans("filler", 1).toByteArray();
      CompletableFuture<HttpResponse<byte[]>> first =
          CompletableFuture.supplyAsync(() -> post(url, body));
      assertTrue(server.sink.awaitEntered());
      CompletableFuture<HttpResponse<byte[]>> second =
          CompletableFuture.supplyAsync(() -> post(url, body));
      for (int i = 0; i < 1000 && server.servers.queue().depth() < 1; i++) {
        Thread.sleep(10);
      }
      assertEquals(1, server.servers.queue().depth(), "the queue is full");

      SdkTracerProvider provider =
          SdkTracerProvider.builder()
              .setResource(
                  Resource.create(Attributes.of(AttributeKey.stringKey("faas.name"), "retry-fn")))
              .addSpanProcessor(
                  BatchSpanProcessor.builder(
                          OtlpHttpSpanExporter.builder().setEndpoint(url).build())
                      .setScheduleDelay(Duration.ofHours(1))
                      .build())
              .build();
      provider.get("t").spanBuilder("throttled").startSpan().end();
      CompletableResultCode flush = provider.forceFlush();
      // wait until the SDK has been refused at least once, then let the ingest thread go
      String refused =
          "prescale_otlp_refused_requests_total{reason=\"queue_full\",transport=\"http\"} ";
      boolean seen = false;
      for (int i = 0; i < 1000 && !seen; i++) {
        seen = Requests.get(server.apiBase() + "/metrics").body().contains(refused + "1.0");
        Thread.sleep(10);
      }
      assertTrue(seen, "the SDK's first attempt was refused with 503");
      server.sink.release();
      assertTrue(flush.join(30, TimeUnit.SECONDS).isSuccess(), "the SDK retried and succeeded");
      provider.shutdown().join(10, TimeUnit.SECONDS);
      assertEquals(200, first.get(30, TimeUnit.SECONDS).statusCode());
      assertEquals(200, second.get(30, TimeUnit.SECONDS).statusCode());
      assertEquals(
          1,
          server.sink.spans().stream().filter(s -> s.getName().equals("throttled")).count(),
          "the retried span arrived exactly once");
    }
  }

  private static HttpResponse<byte[]> post(String url, byte[] body) {
    try {
      return Requests.post(url, "application/x-protobuf", null, body);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
