package io.prescale.collector.otlp;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.prescale.collector.ingest.IngestResult;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Locale;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * OTLP/HTTP: {@code POST /v1/traces|metrics|logs}, protobuf or JSON, identity or gzip. Gathers the
 * body on the event loop within the {@link InflightBytes} budget, inflates and decodes it on a
 * {@link DecodeStage} worker that queues it for the ingest thread, and answers as the OTLP
 * specification says; no client input leads to a 500.
 */
final class OtlpHttpHandler implements Handler<HttpServerRequest> {
  private static final Logger LOG = Logger.getLogger(OtlpHttpHandler.class.getName());
  private static final String RETRY_AFTER = "Retry-After";
  private final Ingress ingress;
  private final int maxBodyBytes;
  private final InflightBytes inflight;
  private final DecodeStage decoder;

  OtlpHttpHandler(Ingress ingress, int maxBodyBytes, InflightBytes inflight, DecodeStage decoder) {
    this.ingress = ingress;
    this.maxBodyBytes = maxBodyBytes;
    this.inflight = inflight;
    this.decoder = decoder;
  }

  @Override
  public void handle(HttpServerRequest req) {
    long start = ingress.time().nanoTime();
    try {
      route(req, start);
    } catch (RuntimeException | LinkageError e) {
      internalError(req, start, e);
    }
  }

  /** A bug of ours, not the client's: logged and answered 500 rather than left hanging. */
  private void internalError(HttpServerRequest req, long start, Throwable e) {
    LOG.log(Level.SEVERE, "OTLP/HTTP request " + req.path() + " failed", e);
    send(
        req,
        start,
        null,
        Encoding.JSON,
        500,
        RpcStatus.json(RpcStatus.INTERNAL, "internal error: " + e));
  }

  private void route(HttpServerRequest req, long start) {
    Signal signal = Signal.byPath(req.path());
    if (signal == null) {
      refuse(
          req,
          start,
          null,
          null,
          404,
          OtlpMetrics.Reason.NOT_FOUND,
          RpcStatus.NOT_FOUND,
          "no OTLP endpoint at " + req.path() + "; use POST /v1/traces, /v1/metrics or /v1/logs");
      return;
    }
    if (req.method() != HttpMethod.POST) {
      req.response().putHeader(HttpHeaders.ALLOW, "POST");
      refuse(
          req,
          start,
          signal,
          null,
          405,
          OtlpMetrics.Reason.NOT_FOUND,
          RpcStatus.UNIMPLEMENTED,
          req.method() + " " + req.path() + " is not supported; use POST");
      return;
    }
    String contentType = req.getHeader(HttpHeaders.CONTENT_TYPE);
    Encoding encoding = Encoding.ofContentType(contentType);
    if (encoding == null) {
      refuse(
          req,
          start,
          signal,
          null,
          415,
          OtlpMetrics.Reason.UNSUPPORTED_MEDIA_TYPE,
          RpcStatus.INVALID_ARGUMENT,
          "Content-Type = '"
              + contentType
              + "' is not supported; use application/x-protobuf or application/json");
      return;
    }
    String contentEncoding = req.getHeader(HttpHeaders.CONTENT_ENCODING);
    boolean gzip = false;
    if (contentEncoding != null) {
      String ce = contentEncoding.trim().toLowerCase(Locale.ROOT);
      if (ce.equals("gzip") || ce.equals("x-gzip")) {
        gzip = true;
      } else if (!ce.isEmpty() && !ce.equals("identity")) {
        refuse(
            req,
            start,
            signal,
            encoding,
            415,
            OtlpMetrics.Reason.UNSUPPORTED_MEDIA_TYPE,
            RpcStatus.INVALID_ARGUMENT,
            "Content-Encoding = '" + contentEncoding + "' is not supported; use gzip or identity");
        return;
      }
    }
    long contentLength = contentLength(req);
    BodyCollector body = new BodyCollector(maxBodyBytes, gzip, contentLength);
    if (contentLength > body.maxRawBytes()) {
      tooLarge(
          req,
          start,
          signal,
          encoding,
          "body of "
              + contentLength
              + " bytes is larger than max-body-size = "
              + maxBodyBytes
              + " bytes");
      return;
    }
    if ("100-continue".equalsIgnoreCase(req.getHeader(HttpHeaders.EXPECT))) {
      req.response().writeContinue(); // only once the headers passed every check (curl sends it)
    }
    InflightBytes.Share share = inflight.share();
    BodyIntake.read(
        req,
        body,
        share,
        maxBodyBytes,
        () -> busy(req, start, signal, encoding),
        message -> tooLarge(req, start, signal, encoding, message),
        () -> onBody(req, start, signal, encoding, body, share));
  }

  /** Decodes and queues on a worker; answers refusals back on this event loop. */
  private void onBody(
      HttpServerRequest req,
      long start,
      Signal signal,
      Encoding encoding,
      BodyCollector body,
      InflightBytes.Share share) {
    Context ctx = Vertx.currentContext();
    decoder
        .run(body.length(), () -> decodeAndQueue(req, start, signal, encoding, body, share, ctx))
        .onComplete(
            ar -> {
              share.release();
              if (ar.failed()) {
                internalError(req, start, ar.cause());
                return;
              }
              DecodeOutcome o = ar.result();
              switch (o.kind()) {
                case QUEUED -> {} // the sink's answer follows
                case QUEUE_FULL ->
                    unavailable(
                        req,
                        start,
                        signal,
                        encoding,
                        "ingest queue is full; retry after " + ingress.retryAfterSeconds() + " s");
                case INFLIGHT_FULL -> busy(req, start, signal, encoding);
                case TOO_LARGE -> tooLarge(req, start, signal, encoding, o.message());
                case MALFORMED ->
                    refuse(
                        req,
                        start,
                        signal,
                        encoding,
                        400,
                        OtlpMetrics.Reason.DECODE_ERROR,
                        RpcStatus.INVALID_ARGUMENT,
                        o.message());
                default ->
                    internalError(
                        req, start, new IllegalStateException("decode outcome " + o.kind()));
              }
            });
  }

  /** On a decode worker: inflates, decodes and queues; the queue refusal is already counted. */
  private DecodeOutcome decodeAndQueue(
      HttpServerRequest req,
      long start,
      Signal signal,
      Encoding encoding,
      BodyCollector body,
      InflightBytes.Share share,
      Context ctx) {
    Message request;
    int raw = body.length();
    try {
      body.finish();
      if (body.length() > raw && !share.add(body.length() - raw)) {
        return DecodeOutcome.INFLIGHT_FULL;
      }
      request = decode(signal, encoding, body);
    } catch (BodyCollector.TooLargeException e) {
      return DecodeOutcome.tooLarge(e.getMessage());
    } catch (MalformedRequestException e) {
      return DecodeOutcome.malformed(e.getMessage());
    }
    boolean queued =
        ingress.submit(
            Transport.HTTP,
            signal,
            encoding,
            request,
            body.length(),
            ctx,
            r -> answer(req, start, signal, encoding, r));
    share.release(); // the queue counts these bytes now
    return queued ? DecodeOutcome.QUEUED : DecodeOutcome.QUEUE_FULL;
  }

  /** 503 + Retry-After with {@code message}: the client retries (already counted). */
  private void unavailable(
      HttpServerRequest req, long start, Signal signal, Encoding encoding, String message) {
    req.response().putHeader(RETRY_AFTER, Integer.toString(ingress.retryAfterSeconds()));
    send(req, start, signal, encoding, 503, status(encoding, RpcStatus.UNAVAILABLE, message));
  }

  /** 503 + Retry-After: the bodies in flight already fill max-inflight-bytes. */
  private void busy(HttpServerRequest req, long start, Signal signal, Encoding encoding) {
    req.response().putHeader(RETRY_AFTER, Integer.toString(ingress.retryAfterSeconds()));
    refuse(
        req,
        start,
        signal,
        encoding,
        503,
        OtlpMetrics.Reason.INFLIGHT_BYTES,
        RpcStatus.UNAVAILABLE,
        "bodies in flight fill max-inflight-bytes = "
            + inflight.max()
            + " bytes; retry after "
            + ingress.retryAfterSeconds()
            + " s");
  }

  static Message decode(Signal signal, Encoding encoding, BodyCollector body) {
    if (encoding == Encoding.JSON) {
      return OtlpJson.parse(signal, body.array(), body.length());
    }
    CodedInputStream in = CodedInputStream.newInstance(body.array(), 0, body.length());
    in.enableAliasing(true); // ids alias the body array instead of being copied
    try {
      return signal.parse(in);
    } catch (InvalidProtocolBufferException e) {
      throw new MalformedRequestException(
          "invalid protobuf " + signal.label() + " request: " + e.getMessage());
    }
  }

  private void answer(
      HttpServerRequest req, long start, Signal signal, Encoding encoding, IngestResult result) {
    if (result.unavailable()) {
      unavailable(req, start, signal, encoding, result.message());
      return;
    }
    Message response = signal.response(result);
    byte[] bytes = encoding == Encoding.JSON ? OtlpJson.print(response) : response.toByteArray();
    send(req, start, signal, encoding, 200, bytes);
  }

  private void tooLarge(
      HttpServerRequest req, long start, Signal signal, Encoding encoding, String message) {
    refuse(
        req,
        start,
        signal,
        encoding,
        413,
        OtlpMetrics.Reason.TOO_LARGE,
        RpcStatus.RESOURCE_EXHAUSTED,
        message);
  }

  private void refuse(
      HttpServerRequest req,
      long start,
      Signal signal,
      Encoding encoding,
      int httpStatus,
      OtlpMetrics.Reason reason,
      int rpcCode,
      String message) {
    ingress.metrics().refused(Transport.HTTP, signal, encoding, reason, 0);
    BodyIntake.discardRest(req);
    send(
        req,
        start,
        signal,
        encoding == null ? Encoding.JSON : encoding,
        httpStatus,
        status(encoding, rpcCode, message));
  }

  private static byte[] status(Encoding encoding, int code, String message) {
    return encoding == Encoding.PROTOBUF
        ? RpcStatus.protobuf(code, message)
        : RpcStatus.json(code, message);
  }

  private void send(
      HttpServerRequest req,
      long start,
      Signal signal,
      Encoding encoding,
      int httpStatus,
      byte[] body) {
    HttpServerResponse resp = req.response();
    if (resp.ended() || resp.closed()) {
      return;
    }
    resp.setStatusCode(httpStatus);
    resp.putHeader(
        HttpHeaders.CONTENT_TYPE, (encoding == null ? Encoding.JSON : encoding).contentType());
    resp.end(Buffer.buffer(body));
    ingress.metrics().latency(Transport.HTTP, signal, ingress.time().nanoTime() - start);
  }

  private static long contentLength(HttpServerRequest req) {
    String v = req.getHeader(HttpHeaders.CONTENT_LENGTH);
    if (v == null) {
      return -1;
    }
    try {
      return Long.parseLong(v.trim());
    } catch (NumberFormatException e) {
      return -1;
    }
  }
}
