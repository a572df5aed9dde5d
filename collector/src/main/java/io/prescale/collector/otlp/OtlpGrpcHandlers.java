package io.prescale.collector.otlp;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.prescale.collector.http.BearerToken;
import io.vertx.core.Context;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.grpc.common.GrpcMessage;
import io.vertx.grpc.common.GrpcMessageDecoder;
import io.vertx.grpc.common.GrpcMessageEncoder;
import io.vertx.grpc.common.GrpcStatus;
import io.vertx.grpc.common.MessageSizeOverflowException;
import io.vertx.grpc.common.ServiceMethod;
import io.vertx.grpc.common.ServiceName;
import io.vertx.grpc.server.GrpcProtocol;
import io.vertx.grpc.server.GrpcServer;
import io.vertx.grpc.server.GrpcServerOptions;
import io.vertx.grpc.server.GrpcServerRequest;
import io.vertx.grpc.server.GrpcServerResponse;
import java.util.Base64;

/**
 * OTLP/gRPC: the three {@code Export} methods, declared by name over the opentelemetry-proto
 * message classes (no generated stubs). Payloads arrive as raw bytes and are decoded here so that
 * every client error maps to a gRPC status: INVALID_ARGUMENT (undecodable), RESOURCE_EXHAUSTED (too
 * large), UNAVAILABLE with RetryInfo (ingest queue full).
 */
final class OtlpGrpcHandlers {
  private OtlpGrpcHandlers() {}

  /**
   * @param token required as {@code authorization: Bearer ...} metadata, or null for none
   * @param inflight budget the message takes from its arrival until it is queued
   * @param decoder where messages are inflated and decoded, off the event loop
   */
  static GrpcServer create(
      Vertx vertx,
      Ingress ingress,
      int maxMessageBytes,
      BearerToken token,
      InflightBytes inflight,
      DecodeStage decoder) {
    Stage stage = new Stage(ingress, maxMessageBytes, inflight, decoder);
    GrpcServerOptions options = new GrpcServerOptions().setMaxMessageSize(maxMessageBytes);
    // plain gRPC over HTTP/2 only: no JSON transcoding or gRPC-Web on the OTLP port
    options.removeEnabledProtocol(GrpcProtocol.TRANSCODING);
    options.removeEnabledProtocol(GrpcProtocol.WEB);
    options.removeEnabledProtocol(GrpcProtocol.WEB_TEXT);
    GrpcServer server = GrpcServer.server(vertx, options);
    for (Signal s : Signal.values()) {
      ServiceMethod<Buffer, Message> method =
          ServiceMethod.server(
              ServiceName.create(s.grpcPackage(), s.grpcService()),
              "Export",
              GrpcMessageEncoder.encoder(),
              GrpcMessageDecoder.IDENTITY);
      server.callHandler(
          method,
          req -> {
            if (token != null && !token.matches(req.headers().get("authorization"))) {
              // no detail, and no message handler: the payload is never decoded nor queued
              ingress.metrics().unauthorized(Transport.GRPC);
              req.exceptionHandler(e -> {});
              req.response().status(GrpcStatus.UNAUTHENTICATED).end();
              return;
            }
            handle(stage, s, req);
          });
    }
    return server;
  }

  /** What every call of one server shares. */
  private record Stage(
      Ingress ingress, int maxMessageBytes, InflightBytes inflight, DecodeStage decoder) {}

  private static void handle(Stage stage, Signal signal, GrpcServerRequest<Buffer, Message> req) {
    Ingress ingress = stage.ingress();
    int maxMessageBytes = stage.maxMessageBytes();
    long start = ingress.time().nanoTime();
    req.invalidMessageHandler(
        e -> {
          if (e instanceof MessageSizeOverflowException) {
            ingress
                .metrics()
                .refused(
                    Transport.GRPC, signal, Encoding.PROTOBUF, OtlpMetrics.Reason.TOO_LARGE, 0);
            fail(
                ingress,
                req,
                start,
                signal,
                GrpcStatus.RESOURCE_EXHAUSTED,
                "message of "
                    + ((MessageSizeOverflowException) e).messageSize()
                    + " bytes is larger than max-grpc-message-size = "
                    + maxMessageBytes
                    + " bytes");
          } else {
            ingress
                .metrics()
                .refused(
                    Transport.GRPC, signal, Encoding.PROTOBUF, OtlpMetrics.Reason.DECODE_ERROR, 0);
            fail(
                ingress,
                req,
                start,
                signal,
                GrpcStatus.INVALID_ARGUMENT,
                "invalid gRPC message: " + e.getMessage());
          }
        });
    req.exceptionHandler(
        e -> {
          /* stream reset by the client: nothing to answer */
        });
    // raw messages: Vert.x would inflate gzip without a bound, on the event loop (a gzip bomb)
    req.messageHandler(msg -> onMessage(stage, signal, req, start, msg));
  }

  private static void onMessage(
      Stage stage,
      Signal signal,
      GrpcServerRequest<Buffer, Message> req,
      long start,
      GrpcMessage msg) {
    Ingress ingress = stage.ingress();
    InflightBytes.Share share = stage.inflight().share();
    if (!share.add(msg.payload().length())) {
      unavailable(
          ingress,
          req,
          start,
          signal,
          OtlpMetrics.Reason.INFLIGHT_BYTES,
          "messages in flight fill max-inflight-bytes = "
              + stage.inflight().max()
              + " bytes; retry after "
              + ingress.retryAfterSeconds()
              + " s");
      return;
    }
    Context ctx = Vertx.currentContext();
    stage
        .decoder()
        .run(
            msg.payload().length(),
            () -> decodeAndQueue(stage, signal, req, start, msg, share, ctx))
        .onComplete(
            ar -> {
              share.release();
              if (ar.failed()) {
                fail(
                    ingress,
                    req,
                    start,
                    signal,
                    GrpcStatus.INTERNAL,
                    "internal error: " + ar.cause());
                return;
              }
              DecodeOutcome o = ar.result();
              switch (o.kind()) {
                case QUEUED -> {} // the sink's answer follows
                case QUEUE_FULL ->
                    unavailable(
                        ingress,
                        req,
                        start,
                        signal,
                        null,
                        "ingest queue is full; retry after " + ingress.retryAfterSeconds() + " s");
                case INFLIGHT_FULL ->
                    unavailable(
                        ingress,
                        req,
                        start,
                        signal,
                        OtlpMetrics.Reason.INFLIGHT_BYTES,
                        "messages in flight fill max-inflight-bytes = "
                            + stage.inflight().max()
                            + " bytes; retry after "
                            + ingress.retryAfterSeconds()
                            + " s");
                case TOO_LARGE -> {
                  ingress
                      .metrics()
                      .refused(
                          Transport.GRPC,
                          signal,
                          Encoding.PROTOBUF,
                          OtlpMetrics.Reason.TOO_LARGE,
                          0);
                  fail(ingress, req, start, signal, GrpcStatus.RESOURCE_EXHAUSTED, o.message());
                }
                case MALFORMED -> {
                  ingress
                      .metrics()
                      .refused(
                          Transport.GRPC,
                          signal,
                          Encoding.PROTOBUF,
                          OtlpMetrics.Reason.DECODE_ERROR,
                          0);
                  fail(ingress, req, start, signal, GrpcStatus.INVALID_ARGUMENT, o.message());
                }
                default ->
                    fail(
                        ingress,
                        req,
                        start,
                        signal,
                        GrpcStatus.INTERNAL,
                        "internal error: decode outcome " + o.kind());
              }
            });
  }

  /** On a decode worker: inflates, decodes and queues; the queue refusal is already counted. */
  private static DecodeOutcome decodeAndQueue(
      Stage stage,
      Signal signal,
      GrpcServerRequest<Buffer, Message> req,
      long start,
      GrpcMessage msg,
      InflightBytes.Share share,
      Context ctx) {
    Ingress ingress = stage.ingress();
    Decoded decoded;
    try {
      decoded = decode(signal, msg, stage.maxMessageBytes());
    } catch (BodyCollector.TooLargeException e) {
      return DecodeOutcome.tooLarge(
          "decompressed message is larger than max-grpc-message-size = "
              + stage.maxMessageBytes()
              + " bytes");
    } catch (MalformedRequestException e) {
      return DecodeOutcome.malformed(e.getMessage());
    }
    int raw = msg.payload().length();
    if (decoded.bytes() > raw && !share.add(decoded.bytes() - raw)) {
      return DecodeOutcome.INFLIGHT_FULL;
    }
    boolean queued =
        ingress.submit(
            Transport.GRPC,
            signal,
            Encoding.PROTOBUF,
            decoded.request(),
            decoded.bytes(),
            ctx,
            r -> {
              if (r.unavailable()) {
                unavailable(ingress, req, start, signal, null, r.message());
                return;
              }
              GrpcServerResponse<Buffer, Message> resp = req.response();
              resp.end(signal.response(r));
              ingress.metrics().latency(Transport.GRPC, signal, ingress.time().nanoTime() - start);
            });
    share.release(); // the queue counts these bytes now
    return queued ? DecodeOutcome.QUEUED : DecodeOutcome.QUEUE_FULL;
  }

  /**
   * UNAVAILABLE with RetryInfo, so clients retry; {@code reason} is counted here, or null when the
   * refusal was already counted (queue full).
   */
  private static void unavailable(
      Ingress ingress,
      GrpcServerRequest<Buffer, Message> req,
      long start,
      Signal signal,
      OtlpMetrics.Reason reason,
      String message) {
    if (reason != null) {
      ingress.metrics().refused(Transport.GRPC, signal, Encoding.PROTOBUF, reason, 0);
    }
    byte[] details =
        RpcStatus.protobuf(RpcStatus.UNAVAILABLE, message, ingress.retryAfterSeconds());
    req.response()
        .trailers()
        .set(
            "grpc-status-details-bin",
            Base64.getEncoder().withoutPadding().encodeToString(details));
    fail(ingress, req, start, signal, GrpcStatus.UNAVAILABLE, message);
  }

  /** A parsed request and the size of its (inflated) encoding. */
  record Decoded(Message request, int bytes) {}

  /** Inflates (bounded) and parses one gRPC message. */
  static Decoded decode(Signal signal, GrpcMessage msg, int maxMessageBytes) {
    String encoding = msg.encoding() == null ? "identity" : msg.encoding();
    Buffer payload = msg.payload();
    byte[] bytes;
    int length;
    switch (encoding) {
      case "identity":
        bytes = payload.getBytes();
        length = bytes.length;
        break;
      case "gzip":
        BodyCollector body = new BodyCollector(maxMessageBytes, true, payload.length());
        if (!body.append(payload)) {
          throw new BodyCollector.TooLargeException("compressed message too large");
        }
        body.finish();
        bytes = body.array();
        length = body.length();
        break;
      default:
        throw new MalformedRequestException(
            "grpc-encoding = '" + encoding + "' is not supported; use gzip or identity");
    }
    CodedInputStream in = CodedInputStream.newInstance(bytes, 0, length);
    in.enableAliasing(true);
    try {
      return new Decoded(signal.parse(in), length);
    } catch (InvalidProtocolBufferException e) {
      throw new MalformedRequestException(
          "invalid protobuf " + signal.label() + " request: " + e.getMessage());
    }
  }

  private static void fail(
      Ingress ingress,
      GrpcServerRequest<Buffer, Message> req,
      long start,
      Signal signal,
      GrpcStatus status,
      String message) {
    GrpcServerResponse<Buffer, Message> resp = req.response();
    resp.status(status).statusMessage(message).end();
    ingress.metrics().latency(Transport.GRPC, signal, ingress.time().nanoTime() - start);
  }
}
