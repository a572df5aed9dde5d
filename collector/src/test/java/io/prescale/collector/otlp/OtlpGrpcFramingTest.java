package io.prescale.collector.otlp;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.vertx.core.Context;
import io.vertx.core.Future;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpClient;
import io.vertx.core.http.HttpClientOptions;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.http.RequestOptions;
import io.vertx.grpc.common.GrpcStatus;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.TimeUnit;
import java.util.function.Supplier;
import org.junit.jupiter.api.AfterAll;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeAll;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;

/**
 * Hand-made gRPC frames on a raw HTTP/2 (prior knowledge) stream: every framing mistake is answered
 * at once with a status, and none of them logs a SEVERE record.
 */
class OtlpGrpcFramingTest {
  private static final int MAX_MESSAGE = OtlpOptions.MIN_GRPC_MESSAGE_BYTES;
  private static final String TRACES =
      "/opentelemetry.proto.collector.trace.v1.TraceService/Export";
  private static OtlpTestServer server;
  private static HttpClient http;
  private static Context loop;
  private SevereRecords severe;

  /** grpc-status and grpc-message, from the trailers or (trailers-only answer) the headers. */
  record Status(String code, String message) {}

  @BeforeAll
  static void start() throws Exception {
    server = new OtlpTestServer(OtlpOptions.defaults().withMaxGrpcMessageBytes(MAX_MESSAGE));
    loop = server.vertx.getOrCreateContext();
    http =
        server.vertx.createHttpClient(
            new HttpClientOptions()
                .setProtocolVersion(HttpVersion.HTTP_2)
                .setHttp2ClearTextUpgrade(false));
    // connection set up and code paths warmed, so the 5 s answer bound measures the answer only
    byte[] ok = Requests.spans("warm-up", 1).toByteArray();
    assertEquals("0", send(frame(0, ok.length, ok), null, 60).code());
  }

  @AfterAll
  static void stop() throws Exception {
    http.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    server.close();
  }

  @BeforeEach
  void capture() {
    severe = new SevereRecords();
  }

  @AfterEach
  void release() {
    severe.close();
  }

  /** Sends {@code body} as the whole request (END_STREAM with the last DATA frame). */
  private static Status send(Buffer body, String grpcEncoding) throws Exception {
    return send(body, grpcEncoding, 5);
  }

  private static Status send(Buffer body, String grpcEncoding, int timeoutSeconds)
      throws Exception {
    return onLoop(
            () ->
                http.request(
                        new RequestOptions()
                            .setMethod(HttpMethod.POST)
                            .setHost("127.0.0.1")
                            .setPort(server.servers.grpcPort())
                            .setURI(TRACES))
                    .compose(
                        req -> {
                          req.putHeader("content-type", "application/grpc");
                          req.putHeader("te", "trailers");
                          if (grpcEncoding != null) {
                            req.putHeader("grpc-encoding", grpcEncoding);
                          }
                          return req.send(body);
                        })
                    .compose(
                        r ->
                            r.body()
                                .map(
                                    b -> {
                                      String code = r.trailers().get("grpc-status");
                                      return code != null
                                          ? new Status(
                                              code, decoded(r.trailers().get("grpc-message")))
                                          : new Status(
                                              r.headers().get("grpc-status"),
                                              decoded(r.headers().get("grpc-message")));
                                    })))
        .get(timeoutSeconds, TimeUnit.SECONDS);
  }

  /**
   * Builds the call's future chain on an event loop, so each step's handlers are set before the
   * next event arrives (from the test thread, a trailers-only answer could end before body()).
   */
  private static CompletableFuture<Status> onLoop(Supplier<Future<Status>> call) {
    CompletableFuture<Status> out = new CompletableFuture<>();
    loop.runOnContext(v -> call.get().onComplete(out::complete, out::completeExceptionally));
    return out;
  }

  /** grpc-message is percent-encoded. */
  private static String decoded(String message) {
    return message == null ? null : URLDecoder.decode(message, StandardCharsets.UTF_8);
  }

  private static Buffer frame(int flag, long declaredLength, byte[] payload) {
    return Buffer.buffer()
        .appendByte((byte) flag)
        .appendInt((int) declaredLength)
        .appendBytes(payload);
  }

  private void assertAnswered(Status s, GrpcStatus expected, String messagePart) throws Exception {
    assertEquals(String.valueOf(expected.code), s.code(), String.valueOf(s));
    assertTrue(s.message() != null && s.message().contains(messagePart), String.valueOf(s));
    Thread.sleep(100); // a late SEVERE (an exception after the answer) would land now
    assertTrue(severe.records().isEmpty(), severe.describe());
    byte[] ok = Requests.spans("after", 1).toByteArray();
    assertEquals("0", send(frame(0, ok.length, ok), null).code(), "the server still answers");
  }

  @Test
  void compressedFlagWithoutEncodingIsInternal() throws Exception {
    byte[] payload = Requests.spans("f", 1).toByteArray();
    assertAnswered(
        send(frame(1, payload.length, payload), null), GrpcStatus.INTERNAL, "grpc-encoding");
  }

  @Test
  void compressedFlagWithIdentityEncodingIsInternal() throws Exception {
    byte[] payload = Requests.spans("f", 1).toByteArray();
    assertAnswered(
        send(frame(1, payload.length, payload), "identity"), GrpcStatus.INTERNAL, "grpc-encoding");
  }

  @Test
  void lengthPrefixLongerThanTheDataIsInternal() throws Exception {
    assertAnswered(send(frame(0, 100, new byte[10]), null), GrpcStatus.INTERNAL, "100");
  }

  @Test
  void cutInsideThePrefixIsInternal() throws Exception {
    assertAnswered(
        send(Buffer.buffer(new byte[] {0, 0, 0}), null), GrpcStatus.INTERNAL, "truncated");
  }

  @Test
  void noMessageAtAllIsInternal() throws Exception {
    assertAnswered(send(Buffer.buffer(), null), GrpcStatus.INTERNAL, "no request message");
  }

  @Test
  void twoGibPrefixIsResourceExhaustedWithoutSevere() throws Exception {
    assertAnswered(
        send(frame(0, 0x8000_0000L, new byte[64]), null),
        GrpcStatus.RESOURCE_EXHAUSTED,
        "max-grpc-message-size");
  }

  @Test
  void oversizedPrefixOnAStreamLeftOpenIsAnsweredAtOnce() throws Exception {
    Status s =
        onLoop(
                () ->
                    http.request(
                            new RequestOptions()
                                .setMethod(HttpMethod.POST)
                                .setHost("127.0.0.1")
                                .setPort(server.servers.grpcPort())
                                .setURI(TRACES))
                        .compose(
                            req -> {
                              req.putHeader("content-type", "application/grpc");
                              req.putHeader("te", "trailers");
                              req.setChunked(true);
                              req.write(frame(0, 0x8000_0000L, new byte[1024])); // and never ended
                              return req.response();
                            })
                        .compose(
                            r ->
                                r.body()
                                    .map(
                                        b ->
                                            new Status(
                                                r.headers().get("grpc-status"),
                                                decoded(r.headers().get("grpc-message"))))))
            .get(5, TimeUnit.SECONDS);
    assertAnswered(s, GrpcStatus.RESOURCE_EXHAUSTED, "max-grpc-message-size");
  }

  @Test
  void unknownFlagIsInternal() throws Exception {
    assertAnswered(send(frame(7, 3, new byte[3]), null), GrpcStatus.INTERNAL, "flag");
  }

  @Test
  void secondMessageInAUnaryCallIsRefused() throws Exception {
    byte[] one = Requests.spans("twice", 1).toByteArray();
    Buffer both = frame(0, one.length, one).appendBuffer(frame(0, one.length, one));
    assertAnswered(send(both, null), GrpcStatus.INTERNAL, "one request message");
  }
}
