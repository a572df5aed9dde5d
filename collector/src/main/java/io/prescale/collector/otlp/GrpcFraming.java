package io.prescale.collector.otlp;

import io.prescale.collector.http.BearerToken;
import io.vertx.core.Handler;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.http.HttpVersion;
import io.vertx.core.internal.http.HttpServerRequestInternal;
import io.vertx.core.internal.http.HttpServerRequestWrapper;
import io.vertx.grpc.common.GrpcStatus;
import java.nio.charset.StandardCharsets;

/**
 * Sits in front of the Vert.x gRPC server on the OTLP/gRPC port and checks each Export call's
 * framing ({@link GrpcFrameCheck}) before the gRPC server sees a byte. The Vert.x deframer leaves
 * some client mistakes unanswered (a compressed flag without {@code grpc-encoding} throws inside
 * it; a truncated message or an empty stream waits forever) and answers an oversized prefix while
 * the stream is still open; here each is answered at once as a trailers-only gRPC status (the rest
 * of the stream is dropped unread), counted in {@code prescale_otlp_refused_requests_total}, and
 * nothing is logged. A good call is handed on unchanged: its one frame, then the end of the stream.
 *
 * <p>Requests it does not check go straight through: other paths (the gRPC server answers
 * UNIMPLEMENTED), non-gRPC content types (415), HTTP/1.x, and calls without the ingest token (the
 * handlers answer UNAUTHENTICATED and read nothing).
 */
final class GrpcFraming implements Handler<HttpServerRequest> {
  private final Handler<HttpServerRequest> grpcServer;
  private final Ingress ingress;
  private final int maxMessageBytes;
  private final BearerToken token;
  private final ThrottledLog internalErrors;

  /**
   * @param token the ingest token, or null for none
   */
  GrpcFraming(
      Handler<HttpServerRequest> grpcServer,
      Ingress ingress,
      int maxMessageBytes,
      BearerToken token,
      ThrottledLog internalErrors) {
    this.grpcServer = grpcServer;
    this.ingress = ingress;
    this.maxMessageBytes = maxMessageBytes;
    this.token = token;
    this.internalErrors = internalErrors;
  }

  @Override
  public void handle(HttpServerRequest req) {
    Signal signal = signalAt(req.path());
    String contentType = req.getHeader("content-type");
    boolean checked =
        signal != null
            && req.version() == HttpVersion.HTTP_2
            && contentType != null
            && contentType.startsWith("application/grpc")
            && !contentType.startsWith("application/grpc-web")
            && (token == null || token.matches(req.getHeader("authorization")))
            && req instanceof HttpServerRequestInternal;
    grpcServer.handle(checked ? new Checked((HttpServerRequestInternal) req, signal) : req);
  }

  /** The signal whose Export method is at {@code path}, or null. */
  static Signal signalAt(String path) {
    for (Signal s : Signal.values()) {
      if (path != null && path.equals("/" + s.grpcPackage() + "." + s.grpcService() + "/Export")) {
        return s;
      }
    }
    return null;
  }

  /** The request as the gRPC server sees it: bytes pass the check, then go on as one frame. */
  private final class Checked extends HttpServerRequestWrapper {
    private final Signal signal;
    private final GrpcFrameCheck check;
    private final long start = ingress.time().nanoTime();
    private Handler<Buffer> data;
    private Handler<Void> end;
    private Handler<Throwable> failure;
    private boolean answered;

    Checked(HttpServerRequestInternal delegate, Signal signal) {
      super(delegate);
      this.signal = signal;
      this.check = new GrpcFrameCheck(delegate.getHeader("grpc-encoding"), maxMessageBytes);
      delegate.handler(this::onData);
      delegate.endHandler(v -> onEnd());
      delegate.exceptionHandler(this::onFailure);
    }

    @Override
    public HttpServerRequest handler(Handler<Buffer> handler) {
      data = handler;
      return this;
    }

    @Override
    public HttpServerRequest endHandler(Handler<Void> handler) {
      end = handler;
      return this;
    }

    @Override
    public HttpServerRequest exceptionHandler(Handler<Throwable> handler) {
      failure = handler;
      return this;
    }

    private void onData(Buffer chunk) {
      if (!answered) {
        GrpcFrameCheck.Refusal r = check.feed(chunk);
        if (r != null) {
          refuse(r);
        }
      }
    }

    private void onEnd() {
      if (answered) {
        return;
      }
      GrpcFrameCheck.Refusal r = check.end();
      if (r != null) {
        refuse(r);
        return;
      }
      try {
        if (data != null) {
          data.handle(check.frame());
        }
        if (end != null) {
          end.handle(null);
        }
      } catch (RuntimeException e) {
        internalErrors.log(
            "OTLP/gRPC " + signal.label() + " call failed inside the gRPC server: " + e);
        if (!delegate.response().ended() && !delegate.response().headWritten()) {
          answer(
              new GrpcFrameCheck.Refusal(
                  GrpcStatus.INTERNAL,
                  OtlpMetrics.Reason.DECODE_ERROR,
                  "internal error while reading the call"));
        }
      }
    }

    private void onFailure(Throwable e) {
      if (!answered && failure != null) {
        failure.handle(e);
      }
    }

    private void refuse(GrpcFrameCheck.Refusal r) {
      ingress.metrics().refused(Transport.GRPC, signal, Encoding.PROTOBUF, r.reason(), 0);
      answer(r);
      ingress.metrics().latency(Transport.GRPC, signal, ingress.time().nanoTime() - start);
    }

    /** A trailers-only answer: HTTP 200 with the gRPC status in the one HEADERS frame. */
    private void answer(GrpcFrameCheck.Refusal r) {
      answered = true;
      HttpServerResponse resp = delegate.response();
      if (resp.ended() || resp.closed()) {
        return;
      }
      resp.setStatusCode(200)
          .putHeader("content-type", "application/grpc")
          .putHeader("grpc-status", Integer.toString(r.status().code))
          .putHeader("grpc-message", percentEncoded(r.message()))
          .end();
    }
  }

  /** grpc-message encoding: printable ASCII but {@code %} as is, every other UTF-8 byte as %XX. */
  static String percentEncoded(String message) {
    StringBuilder b = new StringBuilder(message.length());
    for (byte x : message.getBytes(StandardCharsets.UTF_8)) {
      int c = x & 0xFF;
      if (c >= 0x20 && c <= 0x7E && c != '%') {
        b.append((char) c);
      } else {
        b.append('%')
            .append(Character.toUpperCase(Character.forDigit(c >> 4, 16)))
            .append(Character.toUpperCase(Character.forDigit(c & 0xF, 16)));
      }
    }
    return b.toString();
  }
}
