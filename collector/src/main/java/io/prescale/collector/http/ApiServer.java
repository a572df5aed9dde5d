package io.prescale.collector.http;

import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ObjectNode;
import io.netty.handler.codec.http.HttpResponseStatus;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerResponse;
import io.vertx.core.json.DecodeException;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.util.Objects;
import java.util.function.BooleanSupplier;
import java.util.logging.Level;
import java.util.logging.Logger;

/**
 * The API server on {@code --http-port}: {@code GET /healthz} (the process answers), {@code GET
 * /readyz} (every component started), {@code GET /metrics} (Prometheus / OpenMetrics). Other
 * modules mount their routes on {@link #router()} before {@link #start()}.
 */
public final class ApiServer {
  private static final Logger LOG = Logger.getLogger(ApiServer.class.getName());
  private static final ObjectMapper JSON = new ObjectMapper();
  private final Vertx vertx;
  private final Router router;
  private final String host;
  private final int port;
  private final BooleanSupplier ready;
  private final ServerSecurity security;
  private final ListenerLimits limits;
  private final ListenerMetrics.Listener connections;
  private volatile ConnectionGuard guard;
  private volatile HttpServer server;

  /**
   * @param router shared router; this class adds /healthz, /readyz and /metrics to it
   * @param ready whether /readyz answers 200 (else 503)
   */
  public ApiServer(
      Vertx vertx,
      Router router,
      PrometheusRegistry registry,
      String host,
      int port,
      BooleanSupplier ready) {
    this(vertx, router, registry, host, port, ready, ServerSecurity.none());
  }

  /**
   * @param security its admin token protects every route except /healthz and /readyz (including
   *     /metrics); its TLS files make the server answer HTTPS only
   */
  public ApiServer(
      Vertx vertx,
      Router router,
      PrometheusRegistry registry,
      String host,
      int port,
      BooleanSupplier ready,
      ServerSecurity security) {
    this(vertx, router, registry, host, port, ready, security, ListenerLimits.defaults());
  }

  /**
   * @param limits timeouts and connection cap of this listener (see {@link ConnectionGuard})
   */
  public ApiServer(
      Vertx vertx,
      Router router,
      PrometheusRegistry registry,
      String host,
      int port,
      BooleanSupplier ready,
      ServerSecurity security,
      ListenerLimits limits) {
    this.limits = Objects.requireNonNull(limits, "limits").validate();
    this.connections =
        ListenerMetrics.of(Objects.requireNonNull(registry, "registry")).listener("api");
    this.security = Objects.requireNonNull(security, "security");
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.router = Objects.requireNonNull(router, "router");
    this.host = Objects.requireNonNull(host, "host");
    this.port = port;
    this.ready = Objects.requireNonNull(ready, "ready");
    router.get("/healthz").handler(rc -> text(rc.response(), 200, "ok\n"));
    router
        .get("/readyz")
        .handler(
            rc -> {
              boolean ok = this.ready.getAsBoolean();
              text(rc.response(), ok ? 200 : 503, ok ? "ready\n" : "starting\n");
            });
    router
        .get("/metrics")
        .handler(new MetricsHandler(Objects.requireNonNull(registry, "registry")));
    // client errors raised by Vert.x itself (BodyHandler limit, bad routes) answer in JSON, and a
    // failure inside a route is logged and answered 500 rather than left hanging (OTLP.md trap 5)
    for (int status : new int[] {400, 404, 405, 413, 415}) {
      router.errorHandler(status, rc -> error(rc, status));
    }
    router.errorHandler(
        500,
        rc -> {
          if (clientError(rc.failure())) {
            error(
                rc,
                400); // a value the client sent that a route could not use: its mistake, no stack
            // trace
            return;
          }
          if (rc.failure() != null) {
            LOG.log(Level.SEVERE, "API request " + rc.request().path() + " failed", rc.failure());
          }
          error(rc, 500);
        });
  }

  /** A failure caused by what the client sent (a bad number, bad JSON), not by Prescale. */
  static boolean clientError(Throwable t) {
    return t instanceof IllegalArgumentException || t instanceof DecodeException;
  }

  private static void error(RoutingContext rc, int status) {
    if (rc.response().ended()) {
      return;
    }
    ObjectNode body =
        JSON.createObjectNode()
            .put("error", HttpResponseStatus.valueOf(status).reasonPhrase())
            .put("status", status)
            .put("path", rc.request().path());
    rc.response()
        .setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "application/json")
        .end(body.toString());
  }

  public Router router() {
    return router;
  }

  /** Listens; completes with the actual port (useful when {@code port} was 0). */
  public Future<Integer> start() {
    // HTTP/1.1 only: with h2c on, a connection is not seen until its first bytes pick the protocol,
    // so a silent one would escape the header timeout
    HttpServerOptions options =
        limits.applyTo(
            new HttpServerOptions().setHost(host).setPort(port).setHttp2ClearTextEnabled(false));
    if (security.tls() != null) {
      options = security.tls().applyTo(options);
    }
    BearerToken token = security.adminToken();
    ConnectionGuard g = new ConnectionGuard(limits, connections, System::nanoTime);
    guard = g;
    return g.install(
            vertx,
            vertx.createHttpServer(options),
            token == null
                ? router
                : req -> {
                  if (isProbe(req.path())
                      || token.matches(req.getHeader(HttpHeaders.AUTHORIZATION))) {
                    router.handle(req);
                  } else {
                    unauthorized(req.response());
                  }
                })
        .listen()
        .map(
            s -> {
              server = s;
              return s.actualPort();
            });
  }

  /** The probes stay open to kubelets and load balancers, which send no token. */
  static boolean isProbe(String path) {
    return "/healthz".equals(path) || "/readyz".equals(path);
  }

  /** 401 with no detail: which token was wrong, or whether one was expected, is not said. */
  public static void unauthorized(HttpServerResponse resp) {
    resp.setStatusCode(401)
        .putHeader("WWW-Authenticate", "Bearer")
        .putHeader(HttpHeaders.CONTENT_LENGTH, "0")
        .end();
  }

  public int actualPort() {
    HttpServer s = server;
    return s == null ? -1 : s.actualPort();
  }

  public Future<Void> stop() {
    ConnectionGuard g = guard;
    if (g != null) {
      g.close();
    }
    HttpServer s = server;
    server = null;
    return s == null ? Future.succeededFuture() : s.close();
  }

  private static void text(HttpServerResponse resp, int status, String body) {
    resp.setStatusCode(status)
        .putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8")
        .end(body);
  }
}
