package io.prescale.adapter.spi;

import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.Executor;
import java.util.concurrent.RejectedExecutionException;
import java.util.function.Supplier;

/** Runs an adapter's blocking client call on the adapter's own executor, never on the caller. */
public final class BlockingCalls {
  private BlockingCalls() {}

  /**
   * {@code body} on {@code executor}; once the adapter is closed (its executor refuses work) the
   * stage fails with a CONNECTION {@link AdapterException}, which the engine retries elsewhere.
   */
  public static <T> CompletionStage<T> supply(Executor executor, Supplier<T> body) {
    try {
      return CompletableFuture.supplyAsync(body, executor);
    } catch (RejectedExecutionException e) {
      return CompletableFuture.failedFuture(
          new AdapterException(AdapterException.Kind.CONNECTION, "adapter closed"));
    }
  }
}
