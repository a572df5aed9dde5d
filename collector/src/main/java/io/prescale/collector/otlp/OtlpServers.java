package io.prescale.collector.otlp;

import io.prescale.collector.http.ApiServer;
import io.prescale.collector.http.BearerToken;
import io.prescale.collector.http.ConnectionGuard;
import io.prescale.collector.http.ListenerMetrics;
import io.prescale.collector.http.ServerSecurity;
import io.prescale.collector.ingest.TelemetrySink;
import io.prescale.core.time.TimeSource;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.DeploymentOptions;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.Vertx;
import io.vertx.core.http.Http2Settings;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.InetAddress;
import java.net.ServerSocket;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Objects;
import java.util.Set;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.function.IntConsumer;
import java.util.function.Supplier;

/**
 * The OTLP ingest endpoints: OTLP/HTTP and OTLP/gRPC servers, each on {@link
 * OtlpOptions#serverInstances()} event loops, feeding one {@link IngestQueue} whose single thread
 * calls the {@link TelemetrySink}. Usage: {@code new OtlpServers(...).start()}, then {@link
 * #httpPort()} / {@link #grpcPort()}; {@link #stop()} closes the ports and drains the queue.
 */
public final class OtlpServers {
  /** HTTP/2 streams one gRPC connection may have open (Vert.x allows any number by default). */
  static final long MAX_GRPC_STREAMS = 100;

  private final Vertx vertx;
  private final OtlpOptions options;
  private final IngestQueue queue;
  private final Ingress ingress;
  private final InflightBytes inflight;
  private final DecodeStage decoder;
  private final ListenerMetrics listenerMetrics;
  private final LambdaMetrics lambdaMetrics;
  private final TimeSource time;
  private final ServerSecurity security;
  private final List<String> deployments = new ArrayList<>();
  private volatile int httpPort = -1;
  private volatile int grpcPort = -1;

  public OtlpServers(
      Vertx vertx,
      OtlpOptions options,
      TelemetrySink sink,
      PrometheusRegistry registry,
      TimeSource time) {
    this(vertx, options, sink, registry, time, ServerSecurity.none());
  }

  /**
   * @param security its ingest token is required on both ports (OTLP/HTTP answers 401, OTLP/gRPC
   *     UNAUTHENTICATED without it, and nothing reaches the sink); its TLS files make both ports
   *     TLS only (gRPC negotiates HTTP/2 with ALPN)
   */
  public OtlpServers(
      Vertx vertx,
      OtlpOptions options,
      TelemetrySink sink,
      PrometheusRegistry registry,
      TimeSource time,
      ServerSecurity security) {
    this.security = Objects.requireNonNull(security, "security");
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.options = Objects.requireNonNull(options, "options").validate();
    this.time = Objects.requireNonNull(time, "time");
    this.queue = new IngestQueue(sink, options.queueCapacity(), options.queueMaxBytes(), time);
    this.inflight = new InflightBytes(options.maxInflightBytes());
    OtlpMetrics metrics =
        new OtlpMetrics(
            Objects.requireNonNull(registry, "registry"), queue, queue.capacity(), inflight);
    this.ingress = new Ingress(queue, metrics, time, options.retryAfterSeconds());
    this.listenerMetrics = ListenerMetrics.of(registry);
    this.lambdaMetrics = new LambdaMetrics(registry);
    this.decoder = new DecodeStage(vertx, Math.max(2, Runtime.getRuntime().availableProcessors()));
  }

  /** Starts the ingest thread and both servers; completes once both ports are listening. */
  public Future<Void> start() {
    queue.start();
    HttpServerOptions http =
        new HttpServerOptions()
            .setHost(options.bindHost())
            // OTLP.md trap 4: no h2c upgrade on this port, and gzip is inflated by the handler
            .setHttp2ClearTextEnabled(false)
            .setDecompressionSupported(false);
    HttpServerOptions grpc =
        new HttpServerOptions()
            .setHost(options.bindHost())
            .setHttp2ClearTextEnabled(true)
            .setInitialSettings(new Http2Settings().setMaxConcurrentStreams(MAX_GRPC_STREAMS));
    http = options.limits().applyTo(http);
    grpc = options.limits().applyTo(grpc);
    if (security.tls() != null) {
      http = security.tls().applyTo(http);
      grpc = security.tls().applyTo(grpc).setUseAlpn(true);
    }
    HttpServerOptions grpcOptions = grpc;
    int maxBody = options.maxBodyBytes();
    int maxMsg = options.maxGrpcMessageBytes();
    BearerToken token = security.ingestToken();
    return deploy(http, options.httpPort(), "otlp_http", () -> httpHandler(token, maxBody))
        .compose(
            p -> {
              httpPort = p;
              return deploy(
                  grpcOptions,
                  options.grpcPort(),
                  "otlp_grpc",
                  () ->
                      new GrpcFraming(
                          OtlpGrpcHandlers.create(vertx, ingress, maxMsg, token, inflight, decoder),
                          ingress,
                          maxMsg,
                          token,
                          queue.internalErrors()));
            })
        .map(
            p -> {
              grpcPort = p;
              return null;
            });
  }

  /**
   * The OTLP/HTTP port's handler: OTLP, and the Lambda endpoints ({@link LambdaHttpHandler}). All
   * but the Firehose path are behind the bearer-token check; Firehose sends the token in its own
   * header and gets its own answer format, so that path checks it itself.
   */
  private Handler<HttpServerRequest> httpHandler(BearerToken token, int maxBody) {
    OtlpHttpHandler otlp = new OtlpHttpHandler(ingress, maxBody, inflight, decoder);
    LambdaHttpHandler lambda =
        new LambdaHttpHandler(ingress, maxBody, inflight, decoder, token, lambdaMetrics);
    Handler<HttpServerRequest> guardedOtlp = guarded(token, Transport.HTTP, otlp);
    Handler<HttpServerRequest> guardedTelemetry =
        guarded(token, Transport.LAMBDA_EXTENSION, lambda);
    return req -> {
      String path = req.path();
      if (LambdaHttpHandler.FIREHOSE_PATH.equals(path)) {
        lambda.handle(req);
      } else if (LambdaHttpHandler.TELEMETRY_PATH.equals(path)) {
        guardedTelemetry.handle(req);
      } else {
        guardedOtlp.handle(req);
      }
    };
  }

  /**
   * The handler behind a bearer-token check (401, no detail, nothing decoded), or itself without a
   * token.
   */
  private Handler<HttpServerRequest> guarded(
      BearerToken token, Transport transport, Handler<HttpServerRequest> handler) {
    if (token == null) {
      return handler;
    }
    return req -> {
      if (token.matches(req.getHeader(HttpHeaders.AUTHORIZATION))) {
        handler.handle(req);
      } else {
        ingress.metrics().unauthorized(transport);
        ApiServer.unauthorized(req.response());
      }
    };
  }

  /**
   * Deploys {@code serverInstances} servers on the port; Vert.x shares one listening socket among
   * servers with the same host and port. Port 0 is not shared, so with several instances a free
   * port is picked first (retried if someone takes it in between).
   */
  private Future<Integer> deploy(
      HttpServerOptions base,
      int port,
      String listener,
      Supplier<Handler<HttpServerRequest>> handler) {
    if (port != 0 || options.serverInstances() == 1) {
      return deployOn(base, port, listener, handler);
    }
    Future<Integer> f = deployOn(base, freePort(base.getHost()), listener, handler);
    for (int attempt = 0; attempt < 3; attempt++) {
      f = f.recover(e -> deployOn(base, freePort(base.getHost()), listener, handler));
    }
    return f;
  }

  private static int freePort(String host) {
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getByName(host))) {
      return s.getLocalPort();
    } catch (IOException e) {
      throw new UncheckedIOException("cannot find a free port on " + host, e);
    }
  }

  private Future<Integer> deployOn(
      HttpServerOptions base,
      int port,
      String listener,
      Supplier<Handler<HttpServerRequest>> handler) {
    HttpServerOptions opts = new HttpServerOptions(base).setPort(port);
    List<ServerVerticle> started = new CopyOnWriteArrayList<>();
    ListenerMetrics.Listener counters = listenerMetrics.listener(listener);
    return vertx
        .deployVerticle(
            () -> {
              ServerVerticle v =
                  new ServerVerticle(
                      opts,
                      handler,
                      new ConnectionGuard(options.limits(), counters, time::nanoTime));
              started.add(v);
              return v;
            },
            new DeploymentOptions().setInstances(options.serverInstances()))
        .compose(
            id -> {
              deployments.add(id);
              Set<Integer> ports = new HashSet<>();
              for (ServerVerticle v : started) {
                ports.add(v.actualPort());
              }
              if (ports.size() != 1) {
                return Future.failedFuture(
                    new IllegalStateException(
                        "servers of one endpoint listen on different ports: " + ports));
              }
              return Future.succeededFuture(ports.iterator().next());
            });
  }

  public int httpPort() {
    return httpPort;
  }

  public int grpcPort() {
    return grpcPort;
  }

  public IngestQueue queue() {
    return queue;
  }

  /** Body bytes received or being decoded and not yet queued. */
  public long inflightBytes() {
    return inflight.used();
  }

  /** Tests only: runs on the decode worker before each body is decoded, with its size. */
  void decodeHook(IntConsumer hook) {
    decoder.hook(hook);
  }

  /** Closes the ports, then ingests what is still queued. */
  public Future<Void> stop() {
    List<Future<Void>> undeploys = new ArrayList<>();
    for (String id : deployments) {
      undeploys.add(vertx.undeploy(id));
    }
    deployments.clear();
    return Future.join(undeploys)
        .transform(
            ar -> {
              queue.close();
              decoder.close();
              return Future.<Void>succeededFuture();
            });
  }
}
