package io.prescale.cluster;

import io.prescale.adapter.spi.ActualState;
import io.prescale.adapter.spi.ApplyOutcome;
import io.prescale.adapter.spi.DesiredState;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.adapter.spi.Target;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.function.Supplier;

/**
 * An adapter that only scales the functions this replica owns: each {@link #apply} takes an {@link
 * Ownership.Token} first (refused, counted and answered as a no-op when the function's partition is
 * not held or the lease lapsed) and stamps the call with the token's origin; the partition is not
 * handed to another replica while the call is in flight. Reads are not fenced: they change nothing.
 */
final class FencedAdapter implements ScalingAdapter {
  private final ScalingAdapter delegate;
  private final Ownership ownership;
  private final ClusterMetrics metrics;
  private final PulledState shared;

  /**
   * @param shared where an adapter that serves pulled state shares the owner's decisions with the
   *     other replicas; null for none
   */
  FencedAdapter(
      ScalingAdapter delegate, Ownership ownership, ClusterMetrics metrics, PulledState shared) {
    this.delegate = delegate;
    this.ownership = ownership;
    this.metrics = metrics;
    this.shared = delegate.servesPulledState() ? shared : null;
  }

  FencedAdapter(ScalingAdapter delegate, Ownership ownership, ClusterMetrics metrics) {
    this(delegate, ownership, metrics, null);
  }

  ScalingAdapter delegate() {
    return delegate;
  }

  @Override
  public boolean servesPulledState() {
    return delegate.servesPulledState();
  }

  @Override
  public String name() {
    return delegate.name();
  }

  @Override
  public List<String> validate(Target target) {
    return delegate.validate(target);
  }

  @Override
  public Map<String, String> targetFor(
      Map<String, String> target, String function, Supplier<Map<String, String>> labels) {
    return delegate.targetFor(target, function, labels);
  }

  @Override
  public CompletionStage<ApplyOutcome> apply(Target target, DesiredState desired) {
    Ownership.Token token = ownership.acquire(desired.function());
    if (token == null) {
      metrics.fenced.inc();
      return CompletableFuture.completedFuture(
          ApplyOutcome.noop(
              Math.max(0, desired.previous()),
              "not applied: this replica does not own "
                  + desired.function()
                  + " (partition "
                  + ownership.partitionOf(desired.function())
                  + ") now"));
    }
    CompletionStage<ApplyOutcome> call;
    try {
      call = delegate.apply(target, desired.withOrigin(token.origin()));
    } catch (RuntimeException e) {
      ownership.done(token);
      throw e;
    }
    return call.whenComplete(
        (o, e) -> {
          ownership.done(token);
          if (e == null && shared != null) {
            shared.publish(name(), target, desired);
          }
        });
  }

  @Override
  public CompletionStage<ActualState> read(Target target) {
    return delegate.read(target);
  }

  @Override
  public void close() {
    delegate.close();
  }
}
