package io.prescale.adapter.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.adapter.spi.ApplyOutcome;
import io.prescale.adapter.spi.ApplyOutcome.Kind;
import java.time.Duration;
import java.util.concurrent.CompletableFuture;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.Test;

/**
 * Graceful shutdown: {@link ScalingEngine#flush} lets in-flight and pending decisions land first.
 */
class ScalingEngineFlushTest {

  @Test
  void flushWaitsForTheCallInFlightSoCloseFailsNothing() throws Exception {
    EngineFixture f = new EngineFixture();
    f.fake.hold = true;
    CompletionStage<ApplyOutcome> stage = f.submit(3);
    assertTrue(f.fake.held != null, "the apply is in flight");
    CompletableFuture<Boolean> flushed =
        CompletableFuture.supplyAsync(() -> f.engine.flush(Duration.ofMinutes(1)));
    f.fake.held.complete(ApplyOutcome.scaled(0, 3, "set"));
    assertTrue(flushed.get(1, TimeUnit.MINUTES), "flush returns true once nothing is left");
    f.engine.close();
    ApplyOutcome o = stage.toCompletableFuture().getNow(null);
    assertEquals(Kind.SCALED, o.kind(), o.toString());
  }

  @Test
  void flushGivesUpAfterItsTimeoutAndClosePaysThePending() {
    EngineFixture f = new EngineFixture();
    f.fake.hold = true;
    CompletionStage<ApplyOutcome> first = f.submit(3);
    CompletionStage<ApplyOutcome> second = f.submit(5); // waits behind the held call
    assertFalse(
        f.engine.flush(Duration.ofMillis(20)), "a call that never answers cannot be flushed");
    f.engine.close();
    ApplyOutcome o = second.toCompletableFuture().getNow(null);
    assertEquals(Kind.FAILED, o.kind(), String.valueOf(o));
    assertFalse(first.toCompletableFuture().isDone(), "the held call is the adapter's to answer");
  }

  @Test
  void flushOfAnIdleEngineIsImmediateAndStopsTheReconcile() {
    EngineFixture f = new EngineFixture();
    f.settled(f.submit(2));
    assertTrue(f.engine.flush(Duration.ofMillis(1)));
    int reads = f.fake.reads;
    f.time.advance(EngineConfig.defaults().reconcileInterval().multipliedBy(3));
    f.drive.settle();
    assertEquals(reads, f.fake.reads, "no reconcile read after flush");
  }
}
