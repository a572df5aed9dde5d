package io.prescale.autoscaler.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.time.EpochNanos;
import io.prescale.testing.FakeObservation;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Hand-computed HPA scenarios; target 1 concurrent request per pod. */
class HpaDeciderTest {
  private static final DeciderSpec SPEC =
      DeciderSpec.builder().mode("hpa").targetUtilization(1.0).build();

  private static ScaleDecision at(HpaDecider d, FakeObservation obs, long second) {
    return d.decide(SPEC, obs, EpochNanos.ofSecond(second));
  }

  private static HpaDecider hpa() {
    return new HpaDecider(FunctionKey.of("fn"));
  }

  @ParameterizedTest(name = "10 pods, total concurrency {0} (ratio {0}/10) -> {1}")
  @CsvSource({
    "10.9, 10", // ratio 1.09: inside the 0.1 tolerance, no change
    "11.1, 12", // ratio 1.11: ceil(1.11 x 10)
    "9.1, 10", // ratio 0.91: inside
    "8.9, 9", // ratio 0.89: ceil(0.89 x 10); nothing older to stabilize on
  })
  void toleranceBand(double concurrency, int desired) {
    FakeObservation obs =
        FakeObservation.ofSeconds(1000).concurrency(0, 1000, concurrency).ready(10);
    assertEquals(desired, at(hpa(), obs, 100).desiredInstances());
  }

  @ParameterizedTest(name = "{0} pods, recommendation {1} -> {2}")
  @CsvSource({
    "2, 20, 6", // max(2 + 4 pods, 2 x 200 %) = 6
    "10, 100, 20", // max(10 + 4, 10 + 100 %) = 20
    "3, 5, 5", // under both limits
  })
  void scaleUpIsLimitedToMaxOfFourPodsAndHundredPercent(
      int ready, double concurrency, int desired) {
    FakeObservation obs =
        FakeObservation.ofSeconds(1000).concurrency(0, 1000, concurrency).ready(ready);
    ScaleDecision s = at(hpa(), obs, 100);
    assertEquals(desired, s.desiredInstances());
  }

  @Test
  void scaleDownWaitsForTheMaxRecommendationOfTheLast300Seconds() {
    FakeObservation obs =
        FakeObservation.ofSeconds(1000).concurrency(0, 100, 10).concurrency(100, 1000, 1).ready(10);
    HpaDecider d = hpa();
    assertEquals(10, at(d, obs, 100).desiredInstances()); // ratio 1: recommendation 10 at t = 100
    for (long t = 115; t < 400; t += 15) {
      ScaleDecision s = at(d, obs, t);
      assertEquals(
          10, s.desiredInstances(), "t = " + t); // recommendation 1, held by the one at 100
      assertEquals(0.1, s.signals().get("ratio"), 1e-9);
    }
    assertEquals(1, at(d, obs, 400).desiredInstances()); // 100 is no longer after 400 - 300
  }

  @Test
  void keepsItsDecisionBetweenSyncs() {
    FakeObservation obs = FakeObservation.ofSeconds(1000).concurrency(0, 1000, 4).ready(4);
    HpaDecider d = hpa();
    ScaleDecision first = at(d, obs, 100);
    obs.concurrency(0, 1000, 40);
    assertSame(first, at(d, obs, 102));
    assertSame(first, at(d, obs, 114));
    assertEquals(8, at(d, obs, 116).desiredInstances()); // next sync: max(4 + 4, 4 x 2)
  }

  @Test
  void neverGoesBelowOneAndStartsFromZeroAtOne() {
    FakeObservation idle = FakeObservation.ofSeconds(1000).concurrency(0, 10, 0).ready(3);
    assertEquals(1, at(hpa(), idle, 100).desiredInstances());
    FakeObservation empty = FakeObservation.ofSeconds(1000).ready(0);
    ScaleDecision s = at(hpa(), empty, 100);
    assertEquals(1, s.desiredInstances());
    assertEquals("current below minReplicas", s.reason());
  }

  @Test
  void keepsCurrentWhenNoPodIsReady() {
    FakeObservation obs = FakeObservation.ofSeconds(1000).concurrency(0, 1000, 5).ready(0);
    HpaDecider d = hpa();
    assertEquals(1, at(d, obs, 100).desiredInstances());
    assertEquals(1, at(d, obs, 115).desiredInstances()); // pod still starting: no metric
    obs.ready(1);
    assertEquals(5, at(d, obs, 130).desiredInstances()); // ratio 5: ceil(5), under max(1 + 4, 2)
  }
}
