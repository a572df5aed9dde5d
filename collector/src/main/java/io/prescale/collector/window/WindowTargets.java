package io.prescale.collector.window;

import io.prescale.core.FunctionKey;
import java.util.Map;
import java.util.concurrent.CompletionStage;

/**
 * Where the extractors find a function's {@link WindowWriter}: the {@link FunctionStore} of this
 * process, or in cluster mode the producer that hands each function's writes to its owner.
 */
public interface WindowTargets {
  /**
   * The writer of {@code key}, created when new; {@code attributes} (resource attributes, may be
   * empty) give its labels. Null, with the refusal counted, when no more functions fit.
   */
  WindowWriter writer(FunctionKey key, Map<String, String> attributes, long nowNanos);

  /** Whether {@code key} is still tracked (the extractors forget the state of the others). */
  boolean tracks(FunctionKey key);

  /**
   * Periodic upkeep at {@code nowNanos}: forgets idle functions; with {@code trim}, also releases
   * expired buckets.
   */
  void maintain(long nowNanos, boolean trim);

  /** Upper bound of tracked functions. */
  int maxFunctions();

  /**
   * Called after each request: a stage that completes when what the request wrote is durable, or
   * null when it is already (the windows of this process).
   */
  default CompletionStage<Void> flush() {
    return null;
  }
}
