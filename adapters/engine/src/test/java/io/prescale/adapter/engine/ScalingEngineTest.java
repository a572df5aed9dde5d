package io.prescale.adapter.engine;

import static io.prescale.adapter.engine.EngineFixture.s;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.adapter.spi.ActualState;
import io.prescale.adapter.spi.AdapterException;
import io.prescale.adapter.spi.ApplyOutcome;
import io.prescale.adapter.spi.ApplyOutcome.Kind;
import io.prescale.core.FunctionKey;
import io.prescale.core.decide.AdapterBinding;
import io.prescale.core.decide.ScaleDecision;
import java.net.http.HttpTimeoutException;
import java.time.Duration;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CompletionException;
import java.util.concurrent.CompletionStage;
import org.junit.jupiter.api.Test;

class ScalingEngineTest {

  @Test
  void appliesOnceAndSkipsRepeatsWithoutCalling() {
    EngineFixture f = new EngineFixture();
    ApplyOutcome first = f.settled(f.submit(3));
    ApplyOutcome again = f.settled(f.submit(3));
    assertEquals(Kind.SCALED, first.kind());
    assertEquals(Kind.NOOP, again.kind());
    assertEquals(List.of(3), f.fake.attempts);
    assertEquals(1, f.fake.reads, "one read before the first apply, none for the repeat");
  }

  @Test
  void restartGuardHoldsScaleDownsButNotScaleUpsDuringTheHold() {
    EngineFixture f = new EngineFixture();
    f.fake.configured = 6; // the scale found after a restart
    f.engine.holdScaleDown(s(60));
    ApplyOutcome down = f.settled(f.submit(2));
    assertEquals(Kind.NOOP, down.kind(), down.toString());
    assertTrue(
        down.detail().contains("no scale-down in the first stable window after start"),
        down.detail());
    assertEquals(6, f.fake.configured);
    ApplyOutcome up = f.settled(f.submit(8));
    assertEquals(Kind.SCALED, up.kind(), up.toString());
    f.time.advance(s(30));
    f.engine.reconcileNow();
    f.drive.settle();
    assertEquals(8, f.fake.configured, "a reconcile inside the hold does not lower it either");
    f.time.advance(s(31));
    ApplyOutcome later = f.settled(f.submit(2));
    assertEquals(Kind.SCALED, later.kind(), later.toString());
    assertEquals(2, f.fake.configured);
  }

  @Test
  void notReadyDecisionTouchesNothing() {
    EngineFixture f = new EngineFixture();
    ScaleDecision warming =
        ScaleDecision.notReady(EngineFixture.FN, f.time.epochNanos(), "kpa", "warming up");
    ApplyOutcome o = f.engine.submit(f.binding, warming).toCompletableFuture().getNow(null);
    f.drive.settle();
    assertEquals(Kind.NOOP, o.kind());
    assertEquals(0, f.fake.reads + f.fake.attempts.size());
  }

  @Test
  void appliesOnlyThePlatformsBounds() {
    // the policy's [min; max] is applied once, before the engine (FunctionTicker, tested in
    // AutoscalerLoopTest and ScaleDecisionTest); the engine clamps only to the platform's bounds
    EngineFixture f = new EngineFixture();
    assertEquals(50, f.settled(f.submit(50)).to());
    assertEquals(0, f.settled(f.submit(0)).to());
    f.fake.ceiling = 5;
    f.engine.reconcileNow();
    f.drive.settle();
    ApplyOutcome o = f.settled(f.submit(9));
    assertEquals(5, o.to(), o.toString());
    assertEquals(List.of(50, 0, 5), f.fake.landed);
  }

  @Test
  void latestDecisionWinsAndSupersededOnesAreNeverSent() {
    EngineFixture f = new EngineFixture();
    f.settled(f.submit(1));
    f.fake.hold = true;
    CompletionStage<ApplyOutcome> three = f.submit(3);
    CompletionStage<ApplyOutcome> five = f.submit(5);
    CompletionStage<ApplyOutcome> seven = f.submit(7);
    assertEquals(
        Kind.NOOP,
        five.toCompletableFuture().getNow(null).kind(),
        "5 was replaced by 7 before it was sent");
    assertFalse(three.toCompletableFuture().isDone(), "3 is in flight");
    f.fake.hold = false;
    f.fake.held.complete(ApplyOutcome.scaled(1, 3, "set"));
    f.drive.settle();
    assertEquals(Kind.SCALED, three.toCompletableFuture().getNow(null).kind());
    assertEquals(Kind.SCALED, seven.toCompletableFuture().getNow(null).kind());
    assertEquals(List.of(1, 3, 7), f.fake.landed);
  }

  @Test
  void retriesServerErrorsWithExponentialBackoffAndRereadsBeforeRetrying() {
    EngineFixture f = new EngineFixture();
    f.fake.applyFailures.add(FakeAdapter.status(500));
    f.fake.applyFailures.add(FakeAdapter.status(503));
    CompletionStage<ApplyOutcome> o = f.submit(4);
    f.drive.settle();
    assertEquals(List.of(4), f.fake.attempts);
    f.drive.advance(Duration.ofMillis(249));
    assertEquals(1, f.fake.attempts.size(), "first retry waits the initial 250 ms");
    f.drive.advance(Duration.ofMillis(1));
    assertEquals(2, f.fake.attempts.size());
    f.drive.advance(Duration.ofMillis(499));
    assertEquals(2, f.fake.attempts.size(), "second retry waits twice as long");
    f.drive.advance(Duration.ofMillis(1));
    assertEquals(Kind.SCALED, o.toCompletableFuture().getNow(null).kind());
    assertEquals(List.of(4), f.fake.landed);
    assertEquals(3, f.fake.reads, "a read before the first apply and before each retry");
  }

  @Test
  void throttlingHonoursRetryAfter() {
    EngineFixture f = new EngineFixture();
    f.fake.applyFailures.add(FakeAdapter.throttled(s(20)));
    CompletionStage<ApplyOutcome> o = f.submit(2);
    f.drive.advance(s(19));
    assertEquals(1, f.fake.attempts.size());
    f.drive.advance(s(1));
    assertEquals(Kind.SCALED, o.toCompletableFuture().getNow(null).kind());
    assertEquals(List.of(2), f.fake.landed);
  }

  @Test
  void conflictRereadsThenRetries() {
    EngineFixture f = new EngineFixture();
    f.fake.applyFailures.add(FakeAdapter.status(409));
    CompletionStage<ApplyOutcome> o = f.submit(6);
    assertTrue(f.drive.until(o, s(5)));
    assertEquals(Kind.SCALED, o.toCompletableFuture().join().kind());
    assertEquals(2, f.fake.reads);
    assertEquals(List.of(6, 6), f.fake.attempts);
  }

  @Test
  void aTimeoutThatLandedIsNotAppliedTwice() {
    EngineFixture f = new EngineFixture();
    f.fake.landsDespiteFailure = true;
    f.fake.applyFailures.add(
        new CompletionException(new HttpTimeoutException("request timed out")));
    CompletionStage<ApplyOutcome> o = f.submit(8);
    assertTrue(f.drive.until(o, s(5)));
    assertEquals(
        Kind.NOOP, o.toCompletableFuture().join().kind(), "the re-read found 8 already set");
    assertEquals(List.of(8), f.fake.landed);
    assertEquals(List.of(8), f.fake.attempts);
  }

  @Test
  void aRetryNeverReplaysAStaleDecision() {
    EngineFixture f = new EngineFixture();
    f.fake.applyFailures.add(FakeAdapter.status(502));
    CompletionStage<ApplyOutcome> stale = f.submit(3);
    f.drive.settle();
    CompletionStage<ApplyOutcome> latest = f.submit(8);
    assertTrue(f.drive.until(latest, s(5)));
    ApplyOutcome staleOutcome = stale.toCompletableFuture().join();
    assertEquals(Kind.NOOP, staleOutcome.kind());
    assertTrue(staleOutcome.detail().contains("superseded"), staleOutcome.detail());
    assertEquals(Kind.SCALED, latest.toCompletableFuture().join().kind());
    assertEquals(List.of(3, 8), f.fake.attempts);
    assertEquals(List.of(8), f.fake.landed);
  }

  @Test
  void rejectionsAreNotRetried() {
    EngineFixture f = new EngineFixture();
    f.fake.applyFailures.add(FakeAdapter.status(403));
    ApplyOutcome o = f.settled(f.submit(2));
    f.drive.advance(s(10));
    assertEquals(Kind.REJECTED, o.kind());
    assertEquals(1, f.fake.attempts.size());
    ApplyOutcome again = f.settled(f.submit(2));
    assertEquals(
        Kind.REJECTED, again.kind(), "the same count is not re-sent before the next reconcile");
    assertEquals(1, f.fake.attempts.size());
  }

  @Test
  void invalidBindingsAndUnknownAdaptersAreRejectedWithTheReason() {
    EngineFixture f = new EngineFixture();
    ScaleDecision d =
        ScaleDecision.of(EngineFixture.FN, f.time.epochNanos(), 1, "t", "r", Map.of());
    ApplyOutcome bad =
        f.engine
            .submit(new AdapterBinding("fake", Map.of("bad", "x")), d)
            .toCompletableFuture()
            .join();
    ApplyOutcome unknown =
        f.engine.submit(new AdapterBinding("nope", Map.of()), d).toCompletableFuture().join();
    assertEquals(Kind.REJECTED, bad.kind());
    assertTrue(bad.detail().contains("key 'bad' is not allowed"), bad.detail());
    assertEquals(Kind.REJECTED, unknown.kind());
    assertTrue(unknown.detail().contains("'nope' is not known"), unknown.detail());
    assertEquals(0, f.fake.attempts.size());
  }

  @Test
  void circuitBreakerStopsCallsThenProbesAndRecovers() {
    EngineFixture f =
        new EngineFixture(EngineConfig.defaults().withBreaker(3, s(60)).withMaxAttempts(20));
    for (int i = 0; i < 3; i++) {
      f.fake.readFailures.add(FakeAdapter.status(500));
    }
    CompletionStage<ApplyOutcome> o = f.submit(4);
    f.drive.advance(s(5));
    assertEquals(3, f.fake.reads, "three failures open the breaker");
    f.drive.advance(s(50));
    assertEquals(3, f.fake.reads, "no call while open");
    assertTrue(f.drive.until(o, s(10)));
    assertEquals(Kind.SCALED, o.toCompletableFuture().join().kind());
    assertTrue(f.engine.audit().recent(100, r -> r.action().equals("breaker-open")).size() == 1);
    assertEquals("closed", f.engine.targets().get(0).breaker());
  }

  @Test
  void givesUpAfterMaxAttemptsThenTheReconcileReachesTheGoal() {
    EngineFixture f =
        new EngineFixture(EngineConfig.defaults().withMaxAttempts(2).withBreaker(100, s(1)));
    for (int i = 0; i < 4; i++) {
      f.fake.applyFailures.add(
          new AdapterException(AdapterException.Kind.CONNECTION, "connection reset"));
    }
    CompletionStage<ApplyOutcome> o = f.submit(5);
    assertTrue(f.drive.until(o, s(5)));
    assertEquals(Kind.FAILED, o.toCompletableFuture().join().kind());
    f.drive.advance(s(30));
    f.drive.advance(s(30));
    f.drive.advance(s(30));
    assertEquals(5, f.fake.configured, "reached once the target recovered");
    assertEquals(List.of(5), f.fake.landed);
  }

  @Test
  void reconcileReportsDriftAndReappliesTheLatestDecision() {
    EngineFixture f = new EngineFixture();
    f.settled(f.submit(4));
    f.fake.configured = 1;
    f.drive.advance(s(30));
    assertEquals(4, f.fake.configured);
    List<ActionRecord> drift = f.engine.audit().recent(10, r -> r.action().equals("drift"));
    assertEquals(1, drift.size());
    assertEquals(1, drift.get(0).from());
    assertEquals(4, drift.get(0).to());
    assertTrue(drift.get(0).detail().contains("outside Prescale"), drift.get(0).detail());
    assertTrue(
        f.scrape().contains("prescale_adapter_drift_total{adapter=\"fake\"} 1.0"), f.scrape());
    f.drive.advance(s(30));
    assertEquals(List.of(4, 4), f.fake.landed, "no drift, nothing re-applied");
  }

  @Test
  void boundsInFlightCallsAcrossTargets() {
    EngineFixture f = new EngineFixture(EngineConfig.defaults().withLimits(10, 1, 100));
    f.fake.hold = true;
    ScaleDecision d =
        ScaleDecision.of(EngineFixture.FN, f.time.epochNanos(), 2, "t", "r", Map.of());
    f.fake.configured = 0;
    CompletionStage<ApplyOutcome> a =
        f.engine.submit(new AdapterBinding("fake", Map.of("name", "a")), d);
    CompletionStage<ApplyOutcome> b =
        f.engine.submit(new AdapterBinding("fake", Map.of("name", "b")), d);
    assertEquals(List.of(2), f.fake.attempts, "b waits: one call in flight at most");
    f.fake.hold = false;
    f.fake.held.complete(ApplyOutcome.scaled(0, 2, "set"));
    f.drive.settle();
    assertEquals(Kind.SCALED, a.toCompletableFuture().join().kind());
    assertEquals(
        Kind.NOOP,
        b.toCompletableFuture().join().kind(),
        "the fake shares one count, so b finds 2 already set");
  }

  @Test
  void exportsRequestLatencyAndActualInstanceSeries() {
    EngineFixture f = new EngineFixture();
    f.settled(f.submit(3));
    f.settled(f.submit(3));
    String text = f.scrape();
    assertTrue(
        text.contains(
            "prescale_adapter_requests_total{adapter=\"fake\",function=\"shop/checkout\",namespace=\"shop\",outcome=\"scaled\"} 1.0"),
        text);
    assertTrue(
        text.contains(
            "prescale_adapter_requests_total{adapter=\"fake\",function=\"shop/checkout\",namespace=\"shop\",outcome=\"noop\"} 1.0"),
        text);
    assertTrue(
        text.contains("prescale_adapter_latency_seconds_bucket{adapter=\"fake\",le=\"0.005\"} 2"),
        text);
    assertTrue(
        text.contains(
            "prescale_actual_instances{adapter=\"fake\",function=\"shop/checkout\",namespace=\"shop\"} 0.0"),
        text);
  }

  @Test
  void auditLogKeepsTheNewestEntriesOnly() {
    EngineFixture f = new EngineFixture(EngineConfig.defaults().withLimits(10, 4, 3));
    for (int i = 1; i <= 5; i++) {
      f.settled(f.submit(i));
    }
    List<ActionRecord> recent = f.engine.audit().recent(10, r -> true);
    assertEquals(3, recent.size());
    assertEquals(5, recent.get(0).to());
    assertEquals(3, recent.get(2).to());
    assertEquals(5, f.engine.audit().written());
  }

  @Test
  void anEmptyTargetIsOnePerFunctionSoFunctionsDoNotSupersedeEachOther() {
    EngineFixture f = new EngineFixture();
    f.fake.hold = false;
    ScaleDecision a =
        ScaleDecision.of(FunctionKey.of("a"), f.time.epochNanos(), 2, "t", "r", Map.of());
    ScaleDecision b =
        ScaleDecision.of(FunctionKey.of("b"), f.time.epochNanos(), 5, "t", "r", Map.of());
    AdapterBinding empty = new AdapterBinding("fake", Map.of());
    CompletionStage<ApplyOutcome> first = f.engine.submit(empty, a);
    CompletionStage<ApplyOutcome> second = f.engine.submit(empty, b);
    f.drive.settle();
    assertEquals(Kind.SCALED, first.toCompletableFuture().join().kind());
    assertEquals(Kind.SCALED, second.toCompletableFuture().join().kind());
    assertEquals(2, f.engine.targets().size());
  }

  @Test
  void aCallThatNeverAnswersTimesOutAndIsRetried() {
    EngineFixture f = new EngineFixture();
    f.settled(f.submit(1));
    f.fake.hold = true;
    CompletionStage<ApplyOutcome> o = f.submit(4);
    assertEquals(List.of(1, 4), f.fake.attempts);
    f.time.advance(s(15));
    assertTrue(f.scheduler.runNextDue(), "the call timeout fires after 15 s");
    assertEquals(
        1,
        f.engine
            .audit()
            .recent(
                10,
                r -> r.outcome().equals("retry") && r.detail().contains("no answer within PT15S"))
            .size());
    f.fake.hold = false;
    f.drive.advance(s(1));
    assertEquals(Kind.SCALED, o.toCompletableFuture().join().kind());
    assertEquals(4, f.fake.configured);
  }

  @Test
  void aTargetWithoutDecisionsForAnHourIsForgottenAndComesBackWithTheNextOne() {
    EngineFixture f = new EngineFixture();
    f.settled(f.submit(3));
    assertTrue(
        f.scrape()
            .contains(
                "prescale_actual_instances{adapter=\"fake\",function=\"shop/checkout\",namespace=\"shop\"}"));
    f.drive.advance(Duration.ofMinutes(59));
    assertEquals(1, f.engine.targets().size());
    f.drive.advance(Duration.ofMinutes(1));
    assertEquals(0, f.engine.targets().size());
    assertTrue(
        !f.scrape()
            .contains("prescale_actual_instances{adapter=\"fake\",function=\"shop/checkout\""),
        f.scrape());
    assertEquals(1, f.engine.audit().recent(10, r -> r.action().equals("forget")).size());
    int reads = f.fake.reads;
    assertEquals(Kind.NOOP, f.settled(f.submit(3)).kind(), "re-read: already at 3");
    assertEquals(reads + 1, f.fake.reads);
    assertEquals(List.of(3), f.fake.landed);
  }

  @Test
  void aDecisionArrivingDuringAReconcileReadIsAppliedAndAnswered() {
    EngineFixture f = new EngineFixture();
    f.settled(f.submit(3));
    f.fake.configured = 1;
    f.fake.holdReads = true;
    f.engine.reconcileNow();
    CompletionStage<ApplyOutcome> five = f.submit(5);
    f.fake.holdReads = false;
    f.fake.heldRead.complete(new ActualState(1, 1, 0, Integer.MAX_VALUE));
    f.drive.settle();
    assertEquals(
        Kind.SCALED,
        five.toCompletableFuture().getNow(ApplyOutcome.failed(-1, -1, "never answered")).kind());
    assertEquals(List.of(3, 5), f.fake.landed);
    assertEquals(1, f.engine.audit().recent(10, r -> r.action().equals("drift")).size());
  }

  @Test
  void aTargetThatCannotBeReadIsNotAskedAgainUntilTheNextReconcile() {
    EngineFixture f = new EngineFixture();
    f.fake.readFailures.add(FakeAdapter.status(404));
    assertEquals(Kind.REJECTED, f.settled(f.submit(2)).kind());
    assertEquals(Kind.REJECTED, f.settled(f.submit(2)).kind());
    assertEquals(1, f.fake.reads, "the second decision is rejected without a call");
    f.drive.advance(s(30));
    assertEquals(
        2, f.fake.configured, "the next reconcile read it and applied the latest decision");
    assertEquals(Kind.NOOP, f.settled(f.submit(2)).kind());
  }
}
