package io.prescale.collector.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.net.URI;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/** A body being decoded does not hold up other requests on the same (single) event loop. */
class DecodeOffEventLoopTest {
  private static final String PB = "application/x-protobuf";

  @Test
  void aSmallRequestIsAnsweredWhileALargeBodyIsStillBeingDecoded() throws Exception {
    try (OtlpTestServer server =
        new OtlpTestServer(OtlpOptions.defaults().withServerInstances(1))) {
      byte[] big = Requests.spans("big", 2000).toByteArray();
      byte[] small = Requests.spans("small", 1).toByteArray();
      assertTrue(big.length > 50_000 && small.length < 1000, big.length + " / " + small.length);
      CountDownLatch decoding = new CountDownLatch(1);
      CountDownLatch release = new CountDownLatch(1);
      server.servers.decodeHook(
          bytes -> {
            if (bytes > 50_000) {
              decoding.countDown();
              try {
                release.await(20, TimeUnit.SECONDS);
              } catch (InterruptedException e) {
                Thread.currentThread().interrupt();
              }
            }
          });
      String url = server.httpBase() + "/v1/traces";
      CompletableFuture<HttpResponse<byte[]>> slow =
          Requests.HTTP.sendAsync(
              HttpRequest.newBuilder(URI.create(url))
                  .timeout(Duration.ofSeconds(30))
                  .header("Content-Type", PB)
                  .POST(HttpRequest.BodyPublishers.ofByteArray(big))
                  .build(),
              HttpResponse.BodyHandlers.ofByteArray());
      try {
        assertTrue(
            decoding.await(10, TimeUnit.SECONDS), "the large body never reached its decoder");
        HttpResponse<byte[]> quick =
            Requests.HTTP.send(
                HttpRequest.newBuilder(URI.create(url))
                    .timeout(Duration.ofSeconds(5))
                    .header("Content-Type", PB)
                    .POST(HttpRequest.BodyPublishers.ofByteArray(small))
                    .build(),
                HttpResponse.BodyHandlers.ofByteArray());
        assertEquals(200, quick.statusCode());
        assertTrue(!slow.isDone(), "the large body was answered before its decode was released");
        assertEquals(200, Requests.get(server.apiBase() + "/healthz").statusCode());
      } finally {
        release.countDown();
      }
      assertEquals(200, slow.get(20, TimeUnit.SECONDS).statusCode());
      assertEquals(2001, server.sink.spans().size());
    }
  }
}
