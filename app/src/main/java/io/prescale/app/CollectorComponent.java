package io.prescale.app;

import io.prescale.collector.http.ServerSecurity;
import io.prescale.collector.ingest.TelemetrySink;
import io.prescale.collector.otlp.CountingSink;
import io.prescale.collector.otlp.OtlpOptions;
import io.prescale.collector.otlp.OtlpServers;

/**
 * The OTLP endpoints. Uses the {@link TelemetrySink} an earlier component put in the context, else
 * a {@link CountingSink}; shares the started {@link OtlpServers}.
 */
final class CollectorComponent implements Component {
  private final OtlpOptions options;
  private final ServerSecurity security;
  private OtlpServers servers;

  CollectorComponent(OtlpOptions options) {
    this(options, ServerSecurity.none());
  }

  CollectorComponent(OtlpOptions options, ServerSecurity security) {
    this.options = options;
    this.security = security;
  }

  @Override
  public void start(ControlPlaneContext ctx) throws Exception {
    TelemetrySink sink = ctx.find(TelemetrySink.class).orElseGet(CountingSink::new);
    servers =
        new OtlpServers(ctx.vertx(), options, sink, ctx.registry(), ctx.timeSource(), security);
    Futures.await(
        servers.start(),
        "cannot start the OTLP servers on "
            + options.bindHost()
            + " ports "
            + options.httpPort()
            + " (HTTP) and "
            + options.grpcPort()
            + " (gRPC)");
    ctx.put(OtlpServers.class, servers);
  }

  @Override
  public void stop() {
    if (servers != null) {
      Futures.awaitQuietly(servers.stop());
    }
  }
}
