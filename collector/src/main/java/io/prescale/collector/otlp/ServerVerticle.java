package io.prescale.collector.otlp;

import io.prescale.collector.http.ConnectionGuard;
import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.Supplier;

/**
 * One HTTP server on one event loop behind its {@link ConnectionGuard}; several instances on the
 * same port share the connections (and the listener's connection cap).
 */
final class ServerVerticle extends VerticleBase {
  private final HttpServerOptions options;
  private final Supplier<Handler<HttpServerRequest>> handler;
  private final ConnectionGuard guard;
  private volatile HttpServer server;

  ServerVerticle(
      HttpServerOptions options,
      Supplier<Handler<HttpServerRequest>> handler,
      ConnectionGuard guard) {
    this.options = options;
    this.handler = handler;
    this.guard = guard;
  }

  @Override
  public Future<?> start() {
    HttpServer s = guard.install(vertx, vertx.createHttpServer(options), handler.get());
    return s.listen().onSuccess(l -> server = l);
  }

  @Override
  public Future<?> stop() {
    guard.close();
    return Future.succeededFuture();
  }

  int actualPort() {
    return server == null ? -1 : server.actualPort();
  }
}
