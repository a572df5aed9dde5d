package io.prescale.collector.otlp;

import io.vertx.core.Future;
import io.vertx.core.Handler;
import io.vertx.core.VerticleBase;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import io.vertx.core.http.HttpServerRequest;
import java.util.function.Supplier;

/** One HTTP server on one event loop; several instances on the same port share the connections. */
final class ServerVerticle extends VerticleBase {
  private final HttpServerOptions options;
  private final Supplier<Handler<HttpServerRequest>> handler;
  private volatile HttpServer server;

  ServerVerticle(HttpServerOptions options, Supplier<Handler<HttpServerRequest>> handler) {
    this.options = options;
    this.handler = handler;
  }

  @Override
  public Future<?> start() {
    return vertx.createHttpServer(options).requestHandler(handler.get()).listen().onSuccess(s -> server = s);
  }

  int actualPort() {
    return server == null ? -1 : server.actualPort();
  }
}
