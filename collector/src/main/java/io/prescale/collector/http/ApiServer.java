package io.prescale.collector.http;

import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.ext.web.Router;
import java.util.Objects;
import java.util.function.BooleanSupplier;

/**
 * The API server on {@code --http-port}: {@code GET /healthz} (the process answers),
 * {@code GET /readyz} (every component started), {@code GET /metrics} (Prometheus / OpenMetrics).
 * Other modules mount their routes on {@link #router()} before {@link #start()}.
 */
public final class ApiServer {
  private final Vertx vertx;
  private final Router router;
  private final String host;
  private final int port;
  private final BooleanSupplier ready;
  private volatile HttpServer server;

  /**
   * @param router shared router; this class adds /healthz, /readyz and /metrics to it
   * @param ready  whether /readyz answers 200 (else 503)
   */
  public ApiServer(Vertx vertx, Router router, PrometheusRegistry registry, String host, int port, BooleanSupplier ready) {
    this.vertx = Objects.requireNonNull(vertx, "vertx");
    this.router = Objects.requireNonNull(router, "router");
    this.host = Objects.requireNonNull(host, "host");
    this.port = port;
    this.ready = Objects.requireNonNull(ready, "ready");
    router.get("/healthz").handler(rc -> text(rc.response(), 200, "ok\n"));
    router.get("/readyz").handler(rc -> {
      boolean ok = this.ready.getAsBoolean();
      text(rc.response(), ok ? 200 : 503, ok ? "ready\n" : "starting\n");
    });
    router.get("/metrics").handler(new MetricsHandler(Objects.requireNonNull(registry, "registry")));
  }

  public Router router() {
    return router;
  }

  /** Listens; completes with the actual port (useful when {@code port} was 0). */
  public Future<Integer> start() {
    return vertx.createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
        .requestHandler(router)
        .listen()
        .map(s -> {
          server = s;
          return s.actualPort();
        });
  }

  public int actualPort() {
    HttpServer s = server;
    return s == null ? -1 : s.actualPort();
  }

  public Future<Void> stop() {
    HttpServer s = server;
    server = null;
    return s == null ? Future.succeededFuture() : s.close();
  }

  private static void text(io.vertx.core.http.HttpServerResponse resp, int status, String body) {
    resp.setStatusCode(status).putHeader(HttpHeaders.CONTENT_TYPE, "text/plain; charset=utf-8").end(body);
  }
}
