package io.prescale.app;

import io.prescale.collector.http.ApiServer;
import java.util.function.BooleanSupplier;

/**
 * The API server on --http-port (/healthz, /readyz, /metrics and every route other components
 * mounted on the context's router). Registered LAST so all routes exist when it listens.
 */
final class ApiServerComponent implements Component {
  private final String host;
  private final int port;
  private final BooleanSupplier ready;
  private final io.prescale.collector.http.ServerSecurity security;
  private final io.prescale.collector.http.ListenerLimits limits;
  private ApiServer server;

  ApiServerComponent(String host, int port, BooleanSupplier ready) {
    this(host, port, ready, io.prescale.collector.http.ServerSecurity.none());
  }

  ApiServerComponent(String host, int port, BooleanSupplier ready, io.prescale.collector.http.ServerSecurity security) {
    this(host, port, ready, security, io.prescale.collector.http.ListenerLimits.defaults());
  }

  ApiServerComponent(String host, int port, BooleanSupplier ready, io.prescale.collector.http.ServerSecurity security,
      io.prescale.collector.http.ListenerLimits limits) {
    this.limits = limits;
    this.security = security;
    this.host = host;
    this.port = port;
    this.ready = ready;
  }

  @Override
  public void start(ControlPlaneContext ctx) throws Exception {
    server = new ApiServer(ctx.vertx(), ctx.router(), ctx.registry(), host, port, ready, security, limits);
    Futures.await(server.start(), "cannot start the API server on " + host + ":" + port);
    ctx.put(ApiServer.class, server);
  }

  @Override
  public void stop() {
    if (server != null) {
      Futures.awaitQuietly(server.stop());
    }
  }
}
