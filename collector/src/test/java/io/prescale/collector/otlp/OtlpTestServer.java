package io.prescale.collector.otlp;

import io.prescale.collector.http.ApiServer;
import io.prescale.core.time.TimeSource;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.util.concurrent.TimeUnit;

/** A running collector on ephemeral ports for one test class. */
final class OtlpTestServer implements AutoCloseable {
  final Vertx vertx = Vertx.vertx();
  final RecordingSink sink = new RecordingSink();
  final PrometheusRegistry registry = new PrometheusRegistry();
  final OtlpServers servers;
  final ApiServer api;

  OtlpTestServer(OtlpOptions options) throws Exception {
    servers =
        new OtlpServers(
            vertx,
            options.withBindHost("127.0.0.1").withPorts(0, 0),
            sink,
            registry,
            TimeSource.system());
    servers.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    api = new ApiServer(vertx, Router.router(vertx), registry, "127.0.0.1", 0, () -> true);
    api.start().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }

  String apiBase() {
    return "http://127.0.0.1:" + api.actualPort();
  }

  OtlpTestServer() throws Exception {
    this(OtlpOptions.defaults().withServerInstances(2));
  }

  String httpBase() {
    return "http://127.0.0.1:" + servers.httpPort();
  }

  String grpcEndpoint() {
    return "http://127.0.0.1:" + servers.grpcPort();
  }

  @Override
  public void close() throws Exception {
    sink.release();
    api.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    servers.stop().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    vertx.close().toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
  }
}
