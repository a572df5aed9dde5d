package io.prescale.adapter.keda;

import io.prescale.adapter.spi.AdapterContext;
import io.prescale.adapter.spi.AdapterProvider;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.adapter.spi.Target;
import io.vertx.core.Vertx;
import io.vertx.core.VertxOptions;
import io.vertx.core.http.HttpServer;
import io.vertx.core.http.HttpServerOptions;
import java.util.List;
import java.util.concurrent.TimeUnit;

/**
 * {@code keda}: starts the external scaler's gRPC server (plaintext HTTP/2) when the adapter is
 * first used. Settings: {@code host} (default {@code 127.0.0.1}, loopback like every other port of
 * Prescale; {@code 0.0.0.0} in a cluster, where KEDA's operator calls in), {@code port} (default
 * {@value #DEFAULT_PORT}; 0 picks a free one).
 */
public final class KedaProvider implements AdapterProvider {
  public static final String NAME = "keda";
  public static final int DEFAULT_PORT = 9095;

  @Override
  public String name() {
    return NAME;
  }

  @Override
  public ScalingAdapter create(AdapterContext context) {
    String host = context.setting("host", "127.0.0.1");
    int port = context.integer("port", DEFAULT_PORT, 0, 65535);
    Vertx vertx = Vertx.vertx(new VertxOptions().setEventLoopPoolSize(1).setWorkerPoolSize(1));
    DesiredCounts board = new DesiredCounts();
    try {
      HttpServer server =
          vertx
              .createHttpServer(new HttpServerOptions().setHost(host).setPort(port))
              .requestHandler(new ExternalScalerService(board).mount(vertx))
              .listen()
              .toCompletionStage()
              .toCompletableFuture()
              .get(10, TimeUnit.SECONDS);
      return new KedaAdapter(board, vertx, server);
    } catch (Exception e) {
      vertx.close();
      Throwable cause = e.getCause() == null ? e : e.getCause();
      throw new IllegalArgumentException(
          "adapter keda cannot listen on host "
              + host
              + " port "
              + port
              + ": "
              + cause.getMessage(),
          cause);
    }
  }

  @Override
  public List<String> validateTarget(Target target) {
    return KedaAdapter.problems(target);
  }
}
