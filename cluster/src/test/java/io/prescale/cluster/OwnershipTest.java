package io.prescale.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.adapter.spi.ActualState;
import io.prescale.adapter.spi.ApplyOutcome;
import io.prescale.adapter.spi.DesiredState;
import io.prescale.adapter.spi.ScalingAdapter;
import io.prescale.adapter.spi.Target;
import io.prescale.core.FunctionKey;
import io.prescale.core.time.TimeSource;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

class OwnershipTest {
  private static final FunctionKey FN = FunctionKey.of("shop/checkout");
  private static final long LEASE = TimeUnit.SECONDS.toNanos(30);

  private static Ownership granted(long leaseNanos) {
    Ownership o = new Ownership(12, "r1", TimeSource.system(), leaseNanos);
    o.grant(o.partitionOf(FN), 3);
    o.renew();
    return o;
  }

  @Test
  void onlyAGrantedPartitionWithAFreshLeaseActuates() throws Exception {
    Ownership o = new Ownership(12, "r1", TimeSource.system(), TimeUnit.MILLISECONDS.toNanos(50));
    o.renew();
    assertNull(o.acquire(FN), "not granted");
    o.grant(o.partitionOf(FN), 3);
    Ownership.Token t = o.acquire(FN);
    assertNotNull(t);
    assertEquals("r1/3", t.origin());
    o.done(t);
    Thread.sleep(100);
    assertNull(o.acquire(FN), "the lease lapsed: no heartbeat answered");
    o.renew();
    assertNotNull(o.acquire(FN));
  }

  @Test
  void withdrawWaitsForTheCallsInFlight() throws Exception {
    Ownership o = granted(LEASE);
    Ownership.Token t = o.acquire(FN);
    CompletableFuture<Integer> left =
        CompletableFuture.supplyAsync(
            () -> o.withdraw(List.of(o.partitionOf(FN)), TimeUnit.SECONDS.toNanos(10)));
    Thread.sleep(200);
    assertFalse(left.isDone(), "returned while a call was in flight");
    assertNull(o.acquire(FN), "no new call starts once withdrawn");
    o.done(t);
    assertEquals(0, left.get(5, TimeUnit.SECONDS));
    assertFalse(o.owns(o.partitionOf(FN)));
  }

  @Test
  void withdrawGivesUpAfterItsWaitAndSaysHowManyAreLeft() {
    Ownership o = granted(LEASE);
    o.acquire(FN);
    assertEquals(1, o.withdraw(List.of(o.partitionOf(FN)), TimeUnit.MILLISECONDS.toNanos(50)));
  }

  @Test
  void theFencedAdapterCallsOnlyForOwnedFunctionsWithTheToken() throws Exception {
    List<DesiredState> calls = new ArrayList<>();
    ScalingAdapter inner =
        new ScalingAdapter() {
          @Override
          public String name() {
            return "rec";
          }

          @Override
          public CompletionStage<ApplyOutcome> apply(Target target, DesiredState desired) {
            calls.add(desired);
            return CompletableFuture.completedFuture(
                ApplyOutcome.scaled(desired.previous(), desired.instances(), "ok"));
          }

          @Override
          public CompletionStage<ActualState> read(Target target) {
            return CompletableFuture.completedFuture(ActualState.UNKNOWN);
          }
        };
    Ownership o = new Ownership(12, "r1", TimeSource.system(), LEASE);
    o.renew();
    ClusterMetrics metrics = new ClusterMetrics(new PrometheusRegistry());
    FencedAdapter fenced = new FencedAdapter(inner, o, metrics);
    Target target = Target.of("rec", Map.of());
    ApplyOutcome refused =
        fenced.apply(target, new DesiredState(FN, 3, 1, null)).toCompletableFuture().get();
    assertEquals(ApplyOutcome.Kind.NOOP, refused.kind());
    assertTrue(calls.isEmpty(), "a function this replica does not own is not scaled");
    assertEquals(1.0, metrics.fenced.get());
    o.grant(o.partitionOf(FN), 7);
    fenced.apply(target, new DesiredState(FN, 3, 1, null)).toCompletableFuture().get();
    assertEquals(1, calls.size());
    assertEquals("r1/7", calls.get(0).origin());
    assertEquals(0, o.withdraw(List.of(o.partitionOf(FN)), 0), "the call has landed");
  }
}
