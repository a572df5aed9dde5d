package io.prescale.app;

import io.prescale.collector.http.ApiServer;
import io.prescale.collector.http.ListenerLimits;
import io.prescale.collector.http.ServerSecurity;
import java.util.function.BooleanSupplier;

/**
 * The API server on --http-port (/healthz, /readyz, /metrics and every route other components
 * mounted on the context's router). Registered LAST so all routes exist when it listens.
 */
final class ApiServerComponent implements Component {
  private final String host;
  private final int port;
  private final BooleanSupplier ready;
  private final ServerSecurity security;
  private final ListenerLimits limits;
  private ApiServer server;

  ApiServerComponent(String host, int port, BooleanSupplier ready) {
    this(host, port, ready, ServerSecurity.none());
  }

  ApiServerComponent(String host, int port, BooleanSupplier ready, ServerSecurity security) {
    this(host, port, ready, security, ListenerLimits.defaults());
  }

  ApiServerComponent(
      String host,
      int port,
      BooleanSupplier ready,
      ServerSecurity security,
      ListenerLimits limits) {
    this.limits = limits;
    this.security = security;
    this.host = host;
    this.port = port;
    this.ready = ready;
  }

  @Override
  public void start(ControlPlaneContext ctx) throws Exception {
    server =
        new ApiServer(
            ctx.vertx(), ctx.router(), ctx.registry(), host, port, ready, security, limits);
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
