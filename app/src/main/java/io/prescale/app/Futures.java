package io.prescale.app;

import io.vertx.core.Future;
import java.util.concurrent.ExecutionException;
import java.util.concurrent.TimeUnit;
import java.util.concurrent.TimeoutException;

/** Waiting for Vert.x futures from the (non event loop) start and stop threads. */
final class Futures {
  private Futures() {}

  static <T> T await(Future<T> f, String what) throws Exception {
    try {
      return f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (ExecutionException e) {
      Throwable cause = e.getCause();
      throw new IllegalStateException(what + ": " + cause.getMessage(), cause);
    } catch (TimeoutException e) {
      throw new IllegalStateException(what + ": no answer within 30 s", e);
    }
  }

  static void awaitQuietly(Future<?> f) {
    try {
      f.toCompletionStage().toCompletableFuture().get(30, TimeUnit.SECONDS);
    } catch (InterruptedException e) {
      Thread.currentThread().interrupt();
    } catch (ExecutionException | TimeoutException e) {
      // stopping: nothing more to do
    }
  }
}
