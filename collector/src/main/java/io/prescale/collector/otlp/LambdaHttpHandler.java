package io.prescale.collector.otlp;

import com.fasterxml.jackson.core.JsonProcessingException;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.prescale.collector.http.BearerToken;
import io.prescale.collector.ingest.IngestResult;
import io.prescale.collector.lambda.FirehoseBatch;
import io.prescale.collector.lambda.LambdaBatch;
import io.prescale.collector.lambda.LambdaDecodeException;
import io.prescale.collector.lambda.LambdaDecoder;
import io.prescale.collector.lambda.LambdaFunction;
import io.vertx.core.Context;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpMethod;
import io.vertx.core.http.HttpServerRequest;
import io.vertx.core.http.HttpServerResponse;
import java.util.Arrays;
import java.util.Locale;
import java.util.concurrent.TimeUnit;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The Lambda endpoints on the OTLP/HTTP port, bounded as OTLP/HTTP is (max-body-size after
 * inflating, max-inflight-bytes, the ingest queue, the port's timeouts):
 *
 * <ul>
 *   <li>{@code POST /v1/lambda/telemetry}: a Telemetry API batch (JSON array) forwarded by a Lambda
 *       extension, the function named by {@code X-Prescale-Lambda-*} headers; behind the ingest
 *       token like OTLP; answers 200 with what it read, else the OTLP/HTTP JSON status;
 *   <li>{@code POST /v1/lambda/firehose}: an Amazon Data Firehose HTTP endpoint delivery of
 *       CloudWatch Logs; the ingest token comes as {@code X-Amz-Firehose-Access-Key} (or {@code
 *       Authorization: Bearer}); every answer is Firehose's response JSON ({@code requestId},
 *       {@code timestamp}, {@code errorMessage} on failure).
 * </ul>
 *
 * Decoding runs on the {@link DecodeStage}; the invocations go to the ingest queue as OTLP spans
 * (and {@code faas.init_duration} points), so the sink treats them as any other telemetry.
 */
final class LambdaHttpHandler implements Handler<HttpServerRequest> {
  static final String TELEMETRY_PATH = "/v1/lambda/telemetry";
  static final String FIREHOSE_PATH = "/v1/lambda/firehose";
  static final String FUNCTION_HEADER = "X-Prescale-Lambda-Function";
  static final String REGION_HEADER = "X-Prescale-Lambda-Region";
  static final String ACCOUNT_HEADER = "X-Prescale-Lambda-Account";
  static final String VERSION_HEADER = "X-Prescale-Lambda-Version";
  static final String INSTANCE_HEADER = "X-Prescale-Lambda-Instance";
  static final String FIREHOSE_KEY_HEADER = "X-Amz-Firehose-Access-Key";
  static final String FIREHOSE_REQUEST_ID_HEADER = "X-Amz-Firehose-Request-Id";
  static final String FIREHOSE_SOURCE_HEADER = "X-Amz-Firehose-Source-Arn";

  private static final Logger LOG = Logger.getLogger(LambdaHttpHandler.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();

  private final Ingress ingress;
  private final int maxBodyBytes;
  private final InflightBytes inflight;
  private final DecodeStage decoder;
  private final BearerToken token;
  private final LambdaMetrics metrics;

  /**
   * @param token checked here for Firehose only (the telemetry path is behind the OTLP token
   *     check); null: no token
   */
  LambdaHttpHandler(
      Ingress ingress,
      int maxBodyBytes,
      InflightBytes inflight,
      DecodeStage decoder,
      BearerToken token,
      LambdaMetrics metrics) {
    this.ingress = ingress;
    this.maxBodyBytes = maxBodyBytes;
    this.inflight = inflight;
    this.decoder = decoder;
    this.token = token;
    this.metrics = metrics;
  }

  /** One exchange: where it came in, and how it is answered. */
  private final class Exchange {
    final HttpServerRequest req;
    final Transport transport;
    final long start = ingress.time().nanoTime();
    String requestId;

    Exchange(HttpServerRequest req, Transport transport) {
      this.req = req;
      this.transport = transport;
      this.requestId = req.getHeader(FIREHOSE_REQUEST_ID_HEADER);
    }

    boolean firehose() {
      return transport == Transport.FIREHOSE;
    }

    /** A refusal of the whole request, counted by reason, in the source's answer format. */
    void refuse(int status, OtlpMetrics.Reason reason, int rpcCode, String message) {
      ingress.metrics().refused(transport, Signal.TRACES, Encoding.JSON, reason, 0);
      BodyIntake.discardRest(req);
      send(status, firehose() ? firehoseBody(message) : RpcStatus.json(rpcCode, message));
    }

    void send(int status, byte[] body) {
      HttpServerResponse resp = req.response();
      if (resp.ended() || resp.closed()) {
        return;
      }
      resp.setStatusCode(status);
      resp.putHeader(HttpHeaders.CONTENT_TYPE, "application/json");
      resp.end(Buffer.buffer(body));
      ingress.metrics().latency(transport, Signal.TRACES, ingress.time().nanoTime() - start);
    }

    byte[] firehoseBody(String errorMessage) {
      ObjectNode o = JSON.createObjectNode();
      o.put("requestId", requestId == null ? "" : requestId);
      o.put("timestamp", TimeUnit.NANOSECONDS.toMillis(ingress.time().epochNanos()));
      if (errorMessage != null) {
        o.put("errorMessage", errorMessage);
      }
      return bytes(o);
    }
  }

  @Override
  public void handle(HttpServerRequest req) {
    Transport transport =
        FIREHOSE_PATH.equals(req.path()) ? Transport.FIREHOSE : Transport.LAMBDA_EXTENSION;
    Exchange x = new Exchange(req, transport);
    try {
      route(x);
    } catch (RuntimeException | LinkageError e) {
      LOG.log(Level.SEVERE, "Lambda request " + req.path() + " failed", e);
      x.send(
          500,
          x.firehose()
              ? x.firehoseBody("internal error")
              : RpcStatus.json(RpcStatus.INTERNAL, "internal error: " + e));
    }
  }

  private void route(Exchange x) {
    HttpServerRequest req = x.req;
    if (x.firehose() && token != null && !authorized(req)) {
      ingress.metrics().unauthorized(Transport.FIREHOSE);
      BodyIntake.discardRest(req);
      x.send(
          401,
          x.firehoseBody(
              FIREHOSE_KEY_HEADER + " does not match the ingest token (--ingest-token-file)"));
      return;
    }
    if (req.method() != HttpMethod.POST) {
      req.response().putHeader(HttpHeaders.ALLOW, "POST");
      x.refuse(
          405,
          OtlpMetrics.Reason.NOT_FOUND,
          RpcStatus.UNIMPLEMENTED,
          req.method() + " " + req.path() + " is not supported; use POST");
      return;
    }
    String contentType = req.getHeader(HttpHeaders.CONTENT_TYPE);
    if (Encoding.ofContentType(contentType) != Encoding.JSON) {
      x.refuse(
          415,
          OtlpMetrics.Reason.UNSUPPORTED_MEDIA_TYPE,
          RpcStatus.INVALID_ARGUMENT,
          "Content-Type = '" + contentType + "' is not supported; use application/json");
      return;
    }
    LambdaFunction fn = null;
    if (!x.firehose()) {
      try {
        fn = function(req);
      } catch (IllegalArgumentException e) {
        x.refuse(400, OtlpMetrics.Reason.DECODE_ERROR, RpcStatus.INVALID_ARGUMENT, e.getMessage());
        return;
      }
    }
    String contentEncoding = req.getHeader(HttpHeaders.CONTENT_ENCODING);
    boolean gzip = false;
    if (contentEncoding != null) {
      String ce = contentEncoding.trim().toLowerCase(Locale.ROOT);
      gzip = ce.equals("gzip") || ce.equals("x-gzip");
      if (!gzip && !ce.isEmpty() && !ce.equals("identity")) {
        x.refuse(
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
          x,
          "body of "
              + contentLength
              + " bytes is larger than max-body-size = "
              + maxBodyBytes
              + " bytes");
      return;
    }
    if ("100-continue".equalsIgnoreCase(req.getHeader(HttpHeaders.EXPECT))) {
      req.response().writeContinue();
    }
    InflightBytes.Share share = inflight.share();
    LambdaFunction function = fn;
    BodyIntake.read(
        req,
        body,
        share,
        maxBodyBytes,
        () -> busy(x),
        message -> tooLarge(x, message),
        () -> onBody(x, function, body, share));
  }

  private boolean authorized(HttpServerRequest req) {
    return token.matchesSecret(req.getHeader(FIREHOSE_KEY_HEADER))
        || token.matches(req.getHeader(HttpHeaders.AUTHORIZATION));
  }

  /** The function the extension names in its headers. */
  static LambdaFunction function(HttpServerRequest req) {
    try {
      return new LambdaFunction(
          req.getHeader(FUNCTION_HEADER),
          req.getHeader(REGION_HEADER),
          req.getHeader(ACCOUNT_HEADER),
          req.getHeader(VERSION_HEADER),
          req.getHeader(INSTANCE_HEADER));
    } catch (IllegalArgumentException e) {
      throw new IllegalArgumentException(
          "headers "
              + FUNCTION_HEADER
              + ", "
              + REGION_HEADER
              + " (and optionally "
              + ACCOUNT_HEADER
              + ", "
              + VERSION_HEADER
              + ", "
              + INSTANCE_HEADER
              + ") name the function: "
              + e.getMessage());
    }
  }

  /** What the decode worker produced: a batch, or the refusal to answer. */
  private record Decoded(LambdaBatch batch, FirehoseBatch firehose, DecodeOutcome refusal) {}

  private void onBody(
      Exchange x, LambdaFunction fn, BodyCollector body, InflightBytes.Share share) {
    Context ctx = Vertx.currentContext();
    String sourceArn = x.req.getHeader(FIREHOSE_SOURCE_HEADER);
    decoder
        .run(body.length(), () -> decode(x, fn, sourceArn, body, share))
        .onComplete(
            ar -> {
              share.release();
              if (ar.failed()) {
                LOG.log(Level.SEVERE, "Lambda request " + x.req.path() + " failed", ar.cause());
                x.send(
                    500,
                    x.firehose()
                        ? x.firehoseBody("internal error")
                        : RpcStatus.json(RpcStatus.INTERNAL, "internal error"));
                return;
              }
              Decoded d = ar.result();
              if (d.refusal() != null) {
                switch (d.refusal().kind()) {
                  case INFLIGHT_FULL -> busy(x);
                  case TOO_LARGE -> tooLarge(x, d.refusal().message());
                  default ->
                      x.refuse(
                          400,
                          OtlpMetrics.Reason.DECODE_ERROR,
                          RpcStatus.INVALID_ARGUMENT,
                          d.refusal().message());
                }
                return;
              }
              if (d.firehose() != null) {
                x.requestId = d.firehose().requestId();
                metrics.firehose().count(d.firehose());
              } else {
                metrics.extension().count(d.batch());
              }
              ingest(x, d.batch(), body.length(), ctx);
            });
  }

  /** On a decode worker: inflates and decodes. */
  private Decoded decode(
      Exchange x,
      LambdaFunction fn,
      String sourceArn,
      BodyCollector body,
      InflightBytes.Share share) {
    int raw = body.length();
    try {
      body.finish();
      if (body.length() > raw && !share.add(body.length() - raw)) {
        return new Decoded(null, null, DecodeOutcome.INFLIGHT_FULL);
      }
      if (x.firehose()) {
        FirehoseBatch f =
            LambdaDecoder.firehose(body.array(), body.length(), sourceArn, maxBodyBytes);
        return new Decoded(f.batch(), f, null);
      }
      return new Decoded(LambdaDecoder.telemetry(body.array(), body.length(), fn), null, null);
    } catch (BodyCollector.TooLargeException e) {
      return new Decoded(null, null, DecodeOutcome.tooLarge(e.getMessage()));
    } catch (MalformedRequestException e) {
      return new Decoded(null, null, DecodeOutcome.malformed(e.getMessage()));
    } catch (LambdaDecodeException e) {
      return new Decoded(
          null,
          null,
          e.tooLarge()
              ? DecodeOutcome.tooLarge(e.getMessage())
              : DecodeOutcome.malformed(e.getMessage()));
    }
  }

  /** Queues the spans, then the init durations; answers once the sink took them. */
  private void ingest(Exchange x, LambdaBatch batch, long bytes, Context ctx) {
    ExportTraceServiceRequest traces = batch.traces();
    ExportMetricsServiceRequest inits = batch.initDurations();
    if (traces.getResourceSpansCount() == 0) {
      answer(x, batch, IngestResult.ok(0), "");
      return;
    }
    boolean queued =
        ingress.submit(
            x.transport,
            Signal.TRACES,
            Encoding.JSON,
            traces,
            bytes,
            ctx,
            r -> {
              if (inits == null) {
                answer(x, batch, r, "");
                return;
              }
              boolean more =
                  ingress.submit(
                      x.transport,
                      Signal.METRICS,
                      Encoding.JSON,
                      inits,
                      0,
                      ctx,
                      r2 ->
                          answer(
                              x,
                              batch,
                              r2.unavailable() ? r2 : r,
                              r2.isFullSuccess() ? "" : r2.message()));
              if (!more) {
                answer(x, batch, r, "init durations dropped: the ingest queue is full");
              }
            });
    if (!queued) {
      unavailable(x, "ingest queue is full; retry after " + ingress.retryAfterSeconds() + " s");
    }
  }

  /** 503 + Retry-After (Firehose: its error body), so the sender retries. */
  private void unavailable(Exchange x, String message) {
    x.req.response().putHeader("Retry-After", Integer.toString(ingress.retryAfterSeconds()));
    x.send(
        503,
        x.firehose() ? x.firehoseBody(message) : RpcStatus.json(RpcStatus.UNAVAILABLE, message));
  }

  private void answer(Exchange x, LambdaBatch batch, IngestResult r, String extra) {
    if (r.unavailable()) {
      unavailable(x, r.message());
      return;
    }
    if (x.firehose()) {
      x.send(200, x.firehoseBody(null)); // Firehose takes 200 alone as delivered
      return;
    }
    ObjectNode o = JSON.createObjectNode();
    o.put("reports", batch.reports());
    o.put("accepted", r.accepted());
    o.put("rejected", r.rejected());
    o.put("malformed", batch.malformed());
    o.put("ignored", batch.ignored());
    String message = String.join("; ", nonEmpty(batch.message(), r.message(), extra));
    if (!message.isEmpty()) {
      o.put("message", message);
    }
    x.send(200, bytes(o));
  }

  private static String[] nonEmpty(String... parts) {
    return Arrays.stream(parts).filter(p -> p != null && !p.isEmpty()).toArray(String[]::new);
  }

  private void busy(Exchange x) {
    x.req.response().putHeader("Retry-After", Integer.toString(ingress.retryAfterSeconds()));
    x.refuse(
        503,
        OtlpMetrics.Reason.INFLIGHT_BYTES,
        RpcStatus.UNAVAILABLE,
        "bodies in flight fill max-inflight-bytes = "
            + inflight.max()
            + " bytes; retry after "
            + ingress.retryAfterSeconds()
            + " s");
  }

  /** 413: Firehose takes it as final for the batch (no retry), so it is kept for true excess. */
  private void tooLarge(Exchange x, String message) {
    x.refuse(413, OtlpMetrics.Reason.TOO_LARGE, RpcStatus.RESOURCE_EXHAUSTED, message);
  }

  private static byte[] bytes(ObjectNode o) {
    try {
      return JSON.writeValueAsBytes(o);
    } catch (JsonProcessingException e) {
      throw new IllegalStateException("cannot write a JSON object", e);
    }
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
