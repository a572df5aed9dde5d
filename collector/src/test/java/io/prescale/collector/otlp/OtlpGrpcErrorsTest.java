package io.prescale.collector.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.prescale.collector.ingest.IngestResult;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.core.net.SocketAddress;
import io.vertx.grpc.client.GrpcClient;
import io.vertx.grpc.client.GrpcClientResponse;
import io.vertx.grpc.common.GrpcStatus;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.Base64;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.Test;

/** OTLP/gRPC error cases map to gRPC status codes; the server stays healthy. */
class OtlpGrpcErrorsTest {
  private static final int MAX_MESSAGE = OtlpOptions.MIN_GRPC_MESSAGE_BYTES;
  private static final String TRACES = "opentelemetry.proto.collector.trace.v1.TraceService/Export";
  private static OtlpTestServer server;
  private static GrpcClient client;

  /** A finished call: status, message, trailers and the response payload (if any). */
  record Answer(GrpcStatus status, String message, String detailsBin, Buffer payload) {}

  @BeforeAll
  static void start() throws Exception {
    server =
        new OtlpTestServer(
            OtlpOptions.defaults()
                .withMaxGrpcMessageBytes(MAX_MESSAGE)
                .withQueueCapacity(1)
                .withServerInstances(2));
    client =
        GrpcClient.client(
            server.vertx,
            new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false));
  }

  @AfterAll
  static void stop() throws Exception {
    client.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    server.close();
  }

  private static Answer call(String method, byte[] payload) throws Exception {
    Future<Answer> f =
        client
            .request(SocketAddress.inetSocketAddress(server.servers.grpcPort(), "127.0.0.1"))
            .compose(
                req -> {
                  req.fullMethodName(method);
                  req.end(Buffer.buffer(payload));
                  return req.response();
                })
            .compose(
                (GrpcClientResponse<Buffer, Buffer> resp) -> {
                  List<Buffer> msgs = new ArrayList<>();
                  resp.handler(msgs::add);
                  // end() fails for a non-OK status; the status is what the tests look at
                  return resp.end()
                      .transform(
                          ar ->
                              Future.succeededFuture(
                                  new Answer(
                                      resp.status(),
                                      resp.statusMessage(),
                                      detailsBin(resp),
                                      msgs.isEmpty() ? null : msgs.get(0))));
                });
    return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  /** In a trailers-only answer (no message) the trailer fields come with the headers. */
  private static String detailsBin(GrpcClientResponse<Buffer, Buffer> resp) {
    String v = resp.trailers().get("grpc-status-details-bin");
    return v != null ? v : resp.headers().get("grpc-status-details-bin");
  }

  private static void assertHealthy() throws Exception {
    Answer ok = call(TRACES, Requests.spans("ok", 2).toByteArray());
    assertEquals(GrpcStatus.OK, ok.status());
    assertEquals(200, Requests.get(server.apiBase() + "/healthz").statusCode());
  }

  @Test
  void validRequestIsOkWithEmptyResponse() throws Exception {
    Answer a = call(TRACES, Requests.spans("valid", 3).toByteArray());
    assertEquals(GrpcStatus.OK, a.status());
    assertEquals(
        0, ExportTraceServiceResponse.parseFrom(a.payload().getBytes()).getSerializedSize());
  }

  @Test
  void garbageIsInvalidArgument() throws Exception {
    Answer a = call(TRACES, "definitely not protobuf".getBytes(StandardCharsets.US_ASCII));
    assertEquals(GrpcStatus.INVALID_ARGUMENT, a.status());
    assertTrue(a.message().contains("invalid protobuf"), a.message());
    assertHealthy();
  }

  @Test
  void truncatedIsInvalidArgument() throws Exception {
    byte[] full = Requests.spans("cut", 4).toByteArray();
    byte[] cut = Arrays.copyOf(full, full.length - 5);
    assertEquals(GrpcStatus.INVALID_ARGUMENT, call(TRACES, cut).status());
    assertHealthy();
  }

  @Test
  void tooLargeIsResourceExhausted() throws Exception {
    byte[] big = Requests.spans("big", 60_000).toByteArray();
    assertTrue(
        big.length > MAX_MESSAGE, "test message must be larger than the limit: " + big.length);
    Answer a = call(TRACES, big);
    assertEquals(GrpcStatus.RESOURCE_EXHAUSTED, a.status());
    assertHealthy();
  }

  @Test
  void gzipBombIsResourceExhausted() throws Exception {
    byte[] gz = Requests.gzipZeros(256L << 20); // 256 MiB of zeros in about 256 KiB
    assertTrue(gz.length < MAX_MESSAGE);
    Buffer frame = Buffer.buffer().appendByte((byte) 1).appendInt(gz.length).appendBytes(gz);
    HttpClient http =
        server.vertx.createHttpClient(
            new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false));
    try {
      String status =
          http.request(
                  new RequestOptions()
                      .setMethod(HttpMethod.POST)
                      .setHost("127.0.0.1")
                      .setPort(server.servers.grpcPort())
                      .setURI("/" + TRACES))
              .compose(
                  req -> {
                    req.putHeader("content-type", "application/grpc");
                    req.putHeader("grpc-encoding", "gzip");
                    req.putHeader("te", "trailers");
                    return req.send(frame);
                  })
              .compose(
                  r ->
                      r.body()
                          .map(
                              b -> {
                                String st = r.trailers().get("grpc-status");
                                return st != null ? st : r.headers().get("grpc-status");
                              }))
              .toCompletionStage()
              .toCompletableFuture()
              .get(30, TimeUnit.SECONDS);
      assertEquals(String.valueOf(GrpcStatus.RESOURCE_EXHAUSTED.code), status);
    } finally {
      http.close();
    }
    assertHealthy();
  }

  @Test
  void partialSuccessIsReported() throws Exception {
    server.sink.answerTraces(r -> new IngestResult(2, 1, "1 span is too far in the future"));
    try {
      Answer a = call(TRACES, Requests.spans("partial", 3).toByteArray());
      assertEquals(GrpcStatus.OK, a.status());
      ExportTraceServiceResponse resp =
          ExportTraceServiceResponse.parseFrom(a.payload().getBytes());
      assertEquals(1, resp.getPartialSuccess().getRejectedSpans());
      assertEquals("1 span is too far in the future", resp.getPartialSuccess().getErrorMessage());
    } finally {
      server.sink.answerTraces(null);
    }
  }

  @Test
  void logsAreCounted() throws Exception {
    ExportLogsServiceRequest logs =
        ExportLogsServiceRequest.newBuilder()
            .addResourceLogs(
                ResourceLogs.newBuilder()
                    .addScopeLogs(
                        ScopeLogs.newBuilder()
                            .addLogRecords(LogRecord.newBuilder().setSeverityText("INFO"))
                            .addLogRecords(LogRecord.newBuilder().setSeverityText("WARN"))))
            .build();
    Answer a = call("opentelemetry.proto.collector.logs.v1.LogsService/Export", logs.toByteArray());
    assertEquals(GrpcStatus.OK, a.status());
    String metrics = Requests.get(server.apiBase() + "/metrics").body();
    assertTrue(
        metrics.contains(
            "prescale_otlp_received_items_total{encoding=\"protobuf\",outcome=\"accepted\",signal=\"logs\",transport=\"grpc\"} 2.0"),
        metrics);
  }

  @Test
  void fullQueueIsUnavailableWithRetryInfo() throws Exception {
    server.sink.hold();
    try {
      byte[] body = Requests.spans("queued", 1).toByteArray();
      var first = CompletableFuture.supplyAsync(() -> callUnchecked(body));
      assertTrue(server.sink.awaitEntered());
      var second = CompletableFuture.supplyAsync(() -> callUnchecked(body));
      for (int i = 0; i < 1000 && server.servers.queue().depth() < 1; i++) {
        Thread.sleep(10);
      }
      Answer third = call(TRACES, body);
      assertEquals(GrpcStatus.UNAVAILABLE, third.status());
      byte[] details = Base64.getDecoder().decode(third.detailsBin());
      Object[] status = Requests.status(details);
      assertEquals(RpcStatus.UNAVAILABLE, status[0]);
      assertTrue(new String(details, StandardCharsets.ISO_8859_1).contains("google.rpc.RetryInfo"));
      server.sink.release();
      assertEquals(GrpcStatus.OK, first.get(30, TimeUnit.SECONDS).status());
      assertEquals(GrpcStatus.OK, second.get(30, TimeUnit.SECONDS).status());
    } finally {
      server.sink.release();
    }
    assertHealthy();
  }

  private static Answer callUnchecked(byte[] body) {
    try {
      return call(TRACES, body);
    } catch (Exception e) {
      throw new IllegalStateException(e);
    }
  }
}
