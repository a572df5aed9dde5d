package io.prescale.adapter.keda;

import io.prescale.adapter.spi.ActualState;
import io.prescale.adapter.spi.ApplyOutcome;
import io.prescale.adapter.spi.DesiredState;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.adapter.spi.Target;
import io.vertx.core.Vertx;
import io.vertx.core.http.HttpServer;
import java.util.List;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;

/**
 * KEDA pulls, Prescale does not push: applying a decision publishes the desired count on the
 * external scaler this adapter serves (see {@link ExternalScalerService}); reading returns what is
 * being served. Target: {@code namespace} (default {@code default}) and {@code scaledobject}, or
 * {@code function} to match ScaledObjects whose trigger metadata names the function; with neither,
 * the decision's function key is published. Every decision is published under the function key as
 * well, so trigger metadata {@code function: <key>} always works.
 */
final class KedaAdapter implements ScalingAdapter {
  private final DesiredCounts board;
  private final Vertx vertx;
  private final HttpServer server;

  KedaAdapter(DesiredCounts board, Vertx vertx, HttpServer server) {
    this.board = board;
    this.vertx = vertx;
    this.server = server;
  }

  @Override
  public String name() {
    return KedaProvider.NAME;
  }

  @Override
  public List<String> validate(Target target) {
    return problems(target);
  }

  /** The target's problems: {@code namespace} needs {@code scaledobject}. */
  static List<String> problems(Target target) {
    if (target.get("namespace", null) != null && target.get("scaledobject", null) == null) {
      return List.of("adapter keda target has 'namespace' but no 'scaledobject'");
    }
    return List.of();
  }

  /** KEDA pulls the desired counts: every replica of a cluster serves all of them. */
  @Override
  public boolean servesPulledState() {
    return true;
  }

  /** The port the external scaler listens on. */
  int port() {
    return server.actualPort();
  }

  @Override
  public CompletionStage<ApplyOutcome> apply(Target target, DesiredState desired) {
    String key = key(target, desired.function().value());
    int before = board.set(key, desired.instances());
    board.set(DesiredCounts.functionKey(desired.function().value()), desired.instances());
    return CompletableFuture.completedFuture(
        before == desired.instances()
            ? ApplyOutcome.noop(before, "already serving " + before + " for " + key)
            : ApplyOutcome.scaled(
                before,
                desired.instances(),
                "serving " + desired.instances() + " to KEDA for " + key));
  }

  @Override
  public CompletionStage<ActualState> read(Target target) {
    String key = key(target, null);
    int served = key == null ? -1 : board.get(key);
    return CompletableFuture.completedFuture(
        served < 0 ? ActualState.UNKNOWN : ActualState.of(served, -1));
  }

  private static String key(Target target, String function) {
    String so = target.get("scaledobject", null);
    if (so != null) {
      return DesiredCounts.scaledObjectKey(target.get("namespace", "default"), so);
    }
    String fn = target.get("function", function);
    return fn == null ? null : DesiredCounts.functionKey(fn);
  }

  @Override
  public void close() {
    try {
      server.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
      vertx.close().toCompletionStage().toCompletableFuture().get(5, TimeUnit.SECONDS);
    } catch (Exception e) {
      // best effort on shutdown
    }
  }
}
