package io.prescale.collector.otlp;

import io.vertx.core.Future;
import io.vertx.core.Vertx;
import io.vertx.core.WorkerExecutor;
import java.util.concurrent.Callable;
import java.util.function.IntConsumer;

/**
 * Where OTLP bodies are inflated and decoded: a worker pool, off the event loops, so a large body
 * never delays other connections or {@code /healthz}. The result comes back on the caller's
 * context. Memory waiting here is bounded by {@link InflightBytes}.
 */
final class DecodeStage implements AutoCloseable {
  private final WorkerExecutor workers;
  private volatile IntConsumer hook = n -> {};

  DecodeStage(Vertx vertx, int threads) {
    this.workers = vertx.createSharedWorkerExecutor("prescale-otlp-decode", threads);
  }

  /** Runs {@code work} on a decode worker; completes on the calling context. */
  <T> Future<T> run(int bodyBytes, Callable<T> work) {
    return workers.executeBlocking(
        () -> {
          hook.accept(bodyBytes);
          return work.call();
        },
        false);
  }

  /** Tests only: runs on the worker before each decode, with the body's size. */
  void hook(IntConsumer h) {
    this.hook = h;
  }

  @Override
  public void close() {
    workers.close();
  }
}
