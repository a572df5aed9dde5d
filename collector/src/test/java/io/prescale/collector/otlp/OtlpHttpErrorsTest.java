package io.prescale.collector.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.prescale.collector.ingest.IngestResult;
import java.io.BufferedReader;
import java.io.InputStreamReader;
import java.net.Socket;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.util.Arrays;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/**
 * Bad OTLP/HTTP input gets the status the OTLP specification asks for, and never breaks the server.
 */
class OtlpHttpErrorsTest {
  private static final int MAX_BODY = 64 * 1024;
  private static final String PB = "application/x-protobuf";
  private static OtlpTestServer server;

  @BeforeAll
  static void start() throws Exception {
    server =
        new OtlpTestServer(
            OtlpOptions.defaults()
                .withMaxBodyBytes(MAX_BODY)
                .withQueueCapacity(1)
                .withServerInstances(2));
  }

  @AfterAll
  static void stop() throws Exception {
    server.close();
  }

  /** After every bad request a good one still goes through and /healthz answers. */
  @AfterEach
  void stillHealthy() throws Exception {
    server.sink.answerTraces(null);
    HttpResponse<byte[]> ok =
        Requests.post(traces(), PB, null, Requests.spans("after", 2).toByteArray());
    assertEquals(200, ok.statusCode());
    assertEquals(200, Requests.get(server.apiBase() + "/healthz").statusCode());
  }

  private static String traces() {
    return server.httpBase() + "/v1/traces";
  }

  private static void assertStatus(
      HttpResponse<byte[]> r, int http, int rpcCode, String messagePart) throws Exception {
    assertEquals(http, r.statusCode(), new String(r.body(), StandardCharsets.UTF_8));
    Object[] status = Requests.status(r.body());
    assertEquals(rpcCode, status[0]);
    assertTrue(
        ((String) status[1]).contains(messagePart),
        "message '" + status[1] + "' should contain '" + messagePart + "'");
  }

  @Test
  void garbageProtobufIs400() throws Exception {
    byte[] garbage = "this is not protobuf at all".getBytes(StandardCharsets.US_ASCII);
    HttpResponse<byte[]> r = Requests.post(traces(), PB, null, garbage);
    assertEquals(PB, r.headers().firstValue("content-type").orElse(""));
    assertStatus(r, 400, RpcStatus.INVALID_ARGUMENT, "invalid protobuf");
  }

  @Test
  void truncatedProtobufIs400() throws Exception {
    byte[] full = Requests.spans("cut", 5).toByteArray();
    HttpResponse<byte[]> r =
        Requests.post(traces(), PB, null, Arrays.copyOf(full, full.length - 7));
    assertStatus(r, 400, RpcStatus.INVALID_ARGUMENT, "invalid protobuf");
  }

  @Test
  void invalidJsonIs400WithJsonStatus() throws Exception {
    HttpResponse<byte[]> r =
        Requests.post(
            traces(),
            "application/json",
            null,
            "{\"resourceSpans\": [".getBytes(StandardCharsets.UTF_8));
    assertEquals(400, r.statusCode());
    assertEquals("application/json", r.headers().firstValue("content-type").orElse(""));
    String body = new String(r.body(), StandardCharsets.UTF_8);
    assertTrue(body.startsWith("{\"code\":3,\"message\":\"invalid JSON"), body);
  }

  @Test
  void badHexIdIs400() throws Exception {
    String json =
        "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"traceId\":\"zz\",\"name\":\"x\"}]}]}]}";
    HttpResponse<byte[]> r =
        Requests.post(traces(), "application/json", null, json.getBytes(StandardCharsets.UTF_8));
    assertEquals(400, r.statusCode());
    assertTrue(new String(r.body(), StandardCharsets.UTF_8).contains("traceId"));
  }

  @Test
  void otherContentTypeIs415() throws Exception {
    HttpResponse<byte[]> r =
        Requests.post(traces(), "text/plain", null, "hello".getBytes(StandardCharsets.UTF_8));
    assertEquals(415, r.statusCode());
    assertTrue(new String(r.body(), StandardCharsets.UTF_8).contains("text/plain"));
  }

  @Test
  void unknownContentEncodingIs415() throws Exception {
    HttpResponse<byte[]> r =
        Requests.post(traces(), PB, "br", Requests.spans("br", 1).toByteArray());
    assertStatus(r, 415, RpcStatus.INVALID_ARGUMENT, "Content-Encoding");
  }

  @Test
  void oversizedBodyIs413() throws Exception {
    byte[] big = Requests.spans("big", 2000).toByteArray();
    assertTrue(big.length > MAX_BODY);
    assertStatus(
        Requests.post(traces(), PB, null, big), 413, RpcStatus.RESOURCE_EXHAUSTED, "max-body-size");
  }

  @Test
  void oversizedAfterDecompressionIs413() throws Exception {
    byte[] big = Requests.spans("big", 2000).toByteArray();
    byte[] compressed = Requests.gzip(big);
    assertTrue(
        compressed.length < MAX_BODY, "compressed body fits; only the inflated one is too large");
    assertStatus(
        Requests.post(traces(), PB, "gzip", compressed),
        413,
        RpcStatus.RESOURCE_EXHAUSTED,
        "decompressed");
  }

  @Test
  void gzipBombIs413() throws Exception {
    byte[] bomb = Requests.gzipZeros(256L << 20); // 256 MiB of zeros in about 256 KiB
    assertStatus(
        Requests.post(traces(), PB, "gzip", bomb),
        413,
        RpcStatus.RESOURCE_EXHAUSTED,
        "max-body-size");
  }

  @Test
  void corruptGzipIs400() throws Exception {
    byte[] gz = Requests.gzip(Requests.spans("gz", 3).toByteArray());
    gz[gz.length / 2] ^= 0x5a;
    gz[gz.length / 2 + 1] ^= 0x5a;
    HttpResponse<byte[]> r = Requests.post(traces(), PB, "gzip", gz);
    assertEquals(400, r.statusCode());
  }

  @Test
  void gzipProtobufIsAccepted() throws Exception {
    int before = server.sink.spans().size();
    HttpResponse<byte[]> r =
        Requests.post(
            traces(), PB, "gzip", Requests.gzip(Requests.spans("gz-ok", 3).toByteArray()));
    assertEquals(200, r.statusCode());
    assertEquals(
        0,
        ExportTraceServiceResponse.parseFrom(r.body()).getSerializedSize(),
        "full success: partial_success unset");
    assertEquals(before + 3, server.sink.spans().size());
  }

  /** Raw HTTP/1.1 (the JDK 17 HttpClient blocks on a final answer to Expect: 100-continue). */
  @Test
  void expectContinueIsAnswered() throws Exception {
    byte[] body = Requests.spans("continue", 20).toByteArray();
    try (Socket s = new Socket("127.0.0.1", server.servers.httpPort())) {
      s.setSoTimeout(10_000);
      var out = s.getOutputStream();
      var in =
          new BufferedReader(
              new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
      out.write(
          ("POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: "
                  + PB
                  + "\r\nContent-Length: "
                  + body.length
                  + "\r\nExpect: 100-continue\r\n\r\n")
              .getBytes(StandardCharsets.ISO_8859_1));
      out.flush();
      assertEquals("HTTP/1.1 100 Continue", in.readLine());
      out.write(body);
      out.flush();
      String line;
      while ((line = in.readLine()) != null && !line.startsWith("HTTP/1.1 2")) {
        // skip the blank line after 100 Continue
      }
      assertEquals("HTTP/1.1 200 OK", line);
    }
    try (Socket s = new Socket("127.0.0.1", server.servers.httpPort())) {
      s.setSoTimeout(10_000);
      var in =
          new BufferedReader(
              new InputStreamReader(s.getInputStream(), StandardCharsets.ISO_8859_1));
      s.getOutputStream()
          .write(
              ("POST /v1/traces HTTP/1.1\r\nHost: x\r\nContent-Type: text/plain\r\nContent-Length: 5000"
                      + "\r\nExpect: 100-continue\r\n\r\n")
                  .getBytes(StandardCharsets.ISO_8859_1));
      s.getOutputStream().flush();
      assertEquals(
          "HTTP/1.1 415 Unsupported Media Type", in.readLine(), "refused before the body is sent");
      boolean close = false;
      String line;
      while ((line = in.readLine()) != null && !line.isEmpty()) {
        close |= line.equalsIgnoreCase("connection: close");
      }
      assertTrue(close, "the announced body never comes, so the connection closes");
    }
  }

  @Test
  void unknownPathIs404AndGetIs405() throws Exception {
    assertEquals(
        404, Requests.post(server.httpBase() + "/v1/profiles", PB, null, new byte[0]).statusCode());
    HttpResponse<String> get = Requests.get(traces());
    assertEquals(405, get.statusCode());
    assertEquals("POST", get.headers().firstValue("allow").orElse(""));
  }

  @Test
  void sinkRejectionsBecomePartialSuccess() throws Exception {
    server.sink.answerTraces(req -> new IngestResult(1, 2, "2 spans have no function identity"));
    HttpResponse<byte[]> r =
        Requests.post(traces(), PB, null, Requests.spans("partial", 3).toByteArray());
    assertEquals(200, r.statusCode());
    ExportTraceServiceResponse resp = ExportTraceServiceResponse.parseFrom(r.body());
    assertEquals(2, resp.getPartialSuccess().getRejectedSpans());
    assertEquals("2 spans have no function identity", resp.getPartialSuccess().getErrorMessage());

    String json =
        "{\"resourceSpans\":[{\"scopeSpans\":[{\"spans\":[{\"name\":\"a\"},{\"name\":\"b\"},{\"name\":\"c\"}]}]}]}";
    HttpResponse<byte[]> rj =
        Requests.post(traces(), "application/json", null, json.getBytes(StandardCharsets.UTF_8));
    assertEquals(200, rj.statusCode());
    assertEquals("application/json", rj.headers().firstValue("content-type").orElse(""));
    String body = new String(rj.body(), StandardCharsets.UTF_8);
    assertTrue(
        body.contains("\"rejectedSpans\":\"2\"") && body.contains("no function identity"), body);
  }

  @Test
  void fullQueueIs503WithRetryAfter() throws Exception {
    server.sink.hold();
    try {
      byte[] body = Requests.spans("queued", 1).toByteArray();
      CompletableFuture<HttpResponse<byte[]>> first = postAsync(body);
      assertTrue(server.sink.awaitEntered(), "the ingest thread took the first request");
      CompletableFuture<HttpResponse<byte[]>> second = postAsync(body);
      // the second waits in the queue (capacity 1); wait until it is there
      for (int i = 0; i < 1000 && server.servers.queue().depth() < 1; i++) {
        Thread.sleep(10);
      }
      assertEquals(1, server.servers.queue().depth());
      HttpResponse<byte[]> third = Requests.post(traces(), PB, null, body);
      assertEquals("1", third.headers().firstValue("retry-after").orElse(""));
      assertStatus(third, 503, RpcStatus.UNAVAILABLE, "queue is full");
      server.sink.release();
      assertEquals(200, first.get(30, TimeUnit.SECONDS).statusCode());
      assertEquals(200, second.get(30, TimeUnit.SECONDS).statusCode());
    } finally {
      server.sink.release();
    }
    String metrics = Requests.get(server.apiBase() + "/metrics").body();
    assertTrue(
        metrics.contains(
            "prescale_otlp_refused_requests_total{reason=\"queue_full\",transport=\"http\"} 1.0"),
        metrics);
  }

  private static CompletableFuture<HttpResponse<byte[]>> postAsync(byte[] body) {
    return CompletableFuture.supplyAsync(
        () -> {
          try {
            return Requests.post(traces(), PB, null, body);
          } catch (Exception e) {
            throw new IllegalStateException(e);
          }
        });
  }
}
