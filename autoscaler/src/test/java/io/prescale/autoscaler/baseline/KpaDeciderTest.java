package io.prescale.autoscaler.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.testing.FakeObservation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hand-computed KPA scenarios; times are epoch seconds from 0, target 1 unless stated. */
class KpaDeciderTest {
  private static final DeciderSpec SPEC =
      DeciderSpec.builder().mode("kpa").targetUtilization(1.0).build();

  private static ScaleDecision at(
      KpaDecider d, DeciderSpec spec, FakeObservation obs, double seconds) {
    long nanos = Math.round(seconds * 1e9);
    return d.decide(spec, obs, nanos);
  }

  private static KpaDecider kpa() {
    return new KpaDecider(FunctionKey.of("fn"));
  }

  @Test
  void steadyStateConcurrency10AtTarget07Needs15Pods() {
    DeciderSpec spec = DeciderSpec.builder().mode("kpa").build(); // CC 1 x 70 % = 0.7
    FakeObservation obs = FakeObservation.ofSeconds(1000).concurrency(0, 1000, 10).ready(15);
    KpaDecider d = kpa();
    assertEquals(15, at(d, spec, obs, 100).desiredInstances()); // starts in panic, holds 15
    ScaleDecision steady = at(d, spec, obs, 162); // 162 > 100 + 60: panic over
    assertEquals(15, steady.desiredInstances());
    assertEquals(0.0, steady.signals().get("panicking"));
    assertEquals(10.0, steady.signals().get("stableConcurrency"), 1e-9);
    assertEquals(0.7, steady.signals().get("target"), 1e-12);
    assertTrue(steady.reason().startsWith("stable"), steady.reason());
  }

  @ParameterizedTest(name = "ready 2, panic-window demand {0} -> panicking {1}, desired {2}")
  @CsvSource({
    "4, true, 4", // dppc 4 / ready 2 = 200 %: panic, exactly at the threshold
    "3, false, 2", // 150 %: stable, ceil((54 x 1 + 6 x 3) / 60 = 1.2) = 2
  })
  void panicStartsAtExactly200Percent(double demand, boolean panicking, int desired) {
    FakeObservation obs = FakeObservation.ofSeconds(1000).concurrency(0, 1000, 1).ready(1);
    KpaDecider d = kpa();
    assertEquals(1, at(d, SPEC, obs, 100).desiredInstances());
    obs.concurrency(104, 110, demand).ready(2);
    ScaleDecision s = at(d, SPEC, obs, 110);
    assertEquals(panicking ? 1.0 : 0.0, s.signals().get("panicking"));
    assertEquals(desired, s.desiredInstances());
  }

  @Test
  void neverScalesDownInPanicAndLeavesPanicAfterTheStableWindow() {
    FakeObservation obs = FakeObservation.ofSeconds(1000).concurrency(0, 1000, 1).ready(1);
    KpaDecider d = kpa();
    at(d, SPEC, obs, 100);
    obs.concurrency(104, 110, 4).ready(2);
    assertEquals(4, at(d, SPEC, obs, 110).desiredInstances()); // panic from 110
    obs.ready(4);
    // demand back to 1: stable wants ceil(1.3) = 2 but panic holds the highest count
    ScaleDecision held = at(d, SPEC, obs, 120);
    assertEquals(4, held.desiredInstances());
    assertEquals(1.0, held.signals().get("panicking"));
    assertEquals(2.0, held.signals().get("desiredStable"));
    assertEquals(4, at(d, SPEC, obs, 170).desiredInstances()); // 170 is not > 110 + 60
    ScaleDecision after = at(d, SPEC, obs, 172);
    assertEquals(0.0, after.signals().get("panicking"));
    // stable average 1 -> 1 pod, but max-scale-down-rate 2 allows floor(4 / 2) = 2 at least
    assertEquals(2, after.desiredInstances());
  }

  @Test
  void panicIsExtendedWhileDemandStaysOverTheThreshold() {
    FakeObservation obs = FakeObservation.ofSeconds(1000).concurrency(0, 1000, 1).ready(1);
    KpaDecider d = kpa();
    at(d, SPEC, obs, 100);
    obs.concurrency(104, 110, 4).ready(2);
    at(d, SPEC, obs, 110);
    obs.concurrency(154, 160, 8).ready(4);
    assertEquals(8, at(d, SPEC, obs, 160).desiredInstances()); // over again: panicTime = 160
    obs.concurrency(154, 160, 1);
    assertEquals(1.0, at(d, SPEC, obs, 200).signals().get("panicking")); // 200 < 160 + 60
    assertEquals(0.0, at(d, SPEC, obs, 222).signals().get("panicking"));
  }

  @Test
  void scaleUpIsLimitedByMaxScaleUpRate() {
    DeciderSpec spec = SPEC.toBuilder().maxScaleUpRate(2).build();
    FakeObservation obs = FakeObservation.ofSeconds(1000).concurrency(0, 1000, 10).ready(1);
    ScaleDecision s = at(kpa(), spec, obs, 100);
    assertEquals(2, s.desiredInstances()); // ceil(2 x 1), not 10
    assertEquals(1.0, s.signals().get("panicking"));
  }

  @Test
  void scalesToZeroOnlyAfterStableWindowPlusGraceWithoutTraffic() {
    FakeObservation obs =
        FakeObservation.ofSeconds(1000).concurrency(0, 10, 1).arrivals(9, 1).ready(1);
    KpaDecider d = kpa();
    assertEquals(1, at(d, SPEC, obs, 10).desiredInstances());
    for (int t = 12; t < 100; t += 2) {
      assertEquals(1, at(d, SPEC, obs, t).desiredInstances(), "t = " + t);
    }
    // last busy second 9 ends at 10; 10 + 60 + 30 = 100
    ScaleDecision zero = at(d, SPEC, obs, 100);
    assertEquals(0, zero.desiredInstances());
    assertTrue(zero.reason().startsWith("scale to zero"), zero.reason());
  }

  @Test
  void waitsWithOnePodWhileTheGraceRuns() {
    FakeObservation obs = FakeObservation.ofSeconds(1000).concurrency(0, 10, 1).ready(1);
    KpaDecider d = kpa();
    at(d, SPEC, obs, 10);
    ScaleDecision waiting = at(d, SPEC, obs, 80); // stable average already 0
    assertEquals(0.0, waiting.signals().get("stableConcurrency"));
    assertEquals(1, waiting.desiredInstances());
    assertTrue(waiting.reason().contains("grace"), waiting.reason());
  }

  @Test
  void keepsOnePodWhenScaleToZeroIsDisabled() {
    DeciderSpec spec = SPEC.toBuilder().scaleToZero(false).build();
    FakeObservation obs = FakeObservation.ofSeconds(1000).concurrency(0, 10, 1).ready(1);
    KpaDecider d = kpa();
    at(d, spec, obs, 10);
    assertEquals(1, at(d, spec, obs, 300).desiredInstances());
  }

  @Test
  void firstRequestAtZeroScalesFromZeroAtOnceWithoutReadingTheCurrentSecond() {
    FakeObservation obs = FakeObservation.ofSeconds(1000).concurrency(0, 10, 1).ready(1);
    KpaDecider d = kpa();
    at(d, SPEC, obs, 10);
    obs.ready(0);
    assertEquals(0, at(d, SPEC, obs, 200).desiredInstances());
    // a request arrives at 200.5 s; its second is still filling (50 in flight there must not be
    // read)
    obs.concurrency(200, 201, 50).lastArrivalNanos(200_500_000_000L);
    ScaleDecision poke = at(d, SPEC, obs, 200.6);
    assertEquals(1, poke.desiredInstances());
    assertEquals(0.0, poke.signals().get("panicConcurrency"));
    assertTrue(poke.reason().startsWith("activator"), poke.reason());
  }

  @Test
  void startsInPanicHoldingTheReadyPods() {
    FakeObservation obs = FakeObservation.ofSeconds(1000).concurrency(0, 1000, 1).ready(5);
    KpaDecider d = kpa();
    ScaleDecision first = at(d, SPEC, obs, 100);
    assertEquals(5, first.desiredInstances()); // a restart never scales down at once
    assertEquals(1.0, first.signals().get("panicking"));
    assertEquals(5, at(d, SPEC, obs, 160).desiredInstances());
    assertEquals(2, at(d, SPEC, obs, 162).desiredInstances()); // floor(5 / 2)
  }

  @Test
  void onePodDoesNotStartInPanic() {
    FakeObservation obs = FakeObservation.ofSeconds(1000).concurrency(0, 1000, 0.5).ready(1);
    ScaleDecision first = at(kpa(), SPEC, obs, 100);
    assertEquals(0.0, first.signals().get("panicking"));
    assertEquals(1, first.desiredInstances());
  }

  @Test
  void notReadyWithoutAnyData() {
    ScaleDecision s = at(kpa(), SPEC, FakeObservation.ofSeconds(100).ready(0), 50);
    assertFalse(s.valid());
    assertEquals("kpa", s.decider());
  }

  @Test
  void youngFunctionAveragesOverTheSecondsSinceItsFirstData() {
    // data since second 90 only: stable average = 10 x 2 / 10 buckets = 2, not 20 / 60
    FakeObservation obs = FakeObservation.ofSeconds(1000).concurrency(90, 100, 2).ready(1);
    ScaleDecision s = at(kpa(), SPEC, obs, 100);
    assertEquals(2.0, s.signals().get("stableConcurrency"), 1e-12);
  }

  @Test
  void aBurstAtZeroAfterALongIdleTimeIsAveragedSinceItBegan() {
    FakeObservation obs = FakeObservation.ofSeconds(1000).concurrency(0, 10, 1).ready(1);
    KpaDecider d = kpa();
    at(d, SPEC, obs, 10);
    obs.ready(0);
    assertEquals(0, at(d, SPEC, obs, 150).desiredInstances());
    // 12 requests held by the activator for 2 s: 24 / 2 s = 12 in both windows (not 24 / 60)
    obs.concurrency(200, 202, 12).arrivals(200, 12);
    ScaleDecision burst = at(d, SPEC, obs, 202);
    assertEquals(12.0, burst.signals().get("stableConcurrency"), 1e-12);
    assertEquals(1.0, burst.signals().get("panicking"));
    assertEquals(12, burst.desiredInstances());
  }
}
