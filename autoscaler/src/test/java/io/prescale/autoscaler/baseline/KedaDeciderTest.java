package io.prescale.autoscaler.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.time.EpochNanos;
import io.prescale.testing.FakeObservation;
import org.junit.jupiter.api.Test;

/** Hand-computed KEDA scenarios: polling 30 s from t = 100, cooldown 300 s, threshold 0.5 or 1. */
class KedaDeciderTest {
  private static final DeciderSpec SPEC =
      DeciderSpec.builder().mode("keda").targetUtilization(1.0).build();

  private static ScaleDecision at(
      KedaDecider d, DeciderSpec spec, FakeObservation obs, long second) {
    return d.decide(spec, obs, EpochNanos.ofSecond(second));
  }

  private static KedaDecider keda() {
    return new KedaDecider(FunctionKey.of("fn"));
  }

  @Test
  void activatesFromZeroAtThePollAfterTrafficAndCoolsDownAfter300Seconds() {
    FakeObservation obs = FakeObservation.ofSeconds(2000).ready(0);
    KedaDecider d = keda();
    assertEquals(0, at(d, SPEC, obs, 100).desiredInstances()); // poll: inactive
    obs.concurrency(110, 111, 0.5).arrivals(110, 1);
    for (long t = 102; t < 130; t += 2) {
      assertEquals(0, at(d, SPEC, obs, t).desiredInstances(), "t = " + t); // next poll at 130
    }
    ScaleDecision active = at(d, SPEC, obs, 130);
    assertEquals(1, active.desiredInstances());
    assertTrue(active.reason().startsWith("activation"), active.reason());
    obs.ready(1);
    // lastActiveTime 130: scale to zero at the first poll with 130 + 300 < now, i.e. 460
    for (long t = 132; t < 460; t += 2) {
      ScaleDecision s = at(d, SPEC, obs, t);
      assertEquals(1, s.desiredInstances(), "t = " + t);
      if (t == 160) {
        assertEquals("inactive, cooling down", s.reason()); // poll over [130, 159]: no traffic
      }
    }
    ScaleDecision zero = at(d, SPEC, obs, 460);
    assertEquals(0, zero.desiredInstances());
    assertTrue(zero.reason().startsWith("cooldown"), zero.reason());
  }

  @Test
  void activationCountsArrivalsHeldAtZeroEvenWithoutConcurrency() {
    FakeObservation obs = FakeObservation.ofSeconds(2000).ready(0).arrivals(105, 3);
    KedaDecider d = keda();
    assertEquals(1, at(d, SPEC, obs, 110).desiredInstances());
  }

  @Test
  void betweenOneAndNItIsAnHpaOnSumOverThreshold() {
    DeciderSpec spec = SPEC.toBuilder().targetUtilization(0.5).build(); // threshold 0.5
    FakeObservation obs = FakeObservation.ofSeconds(2000).concurrency(0, 2000, 5).ready(0);
    KedaDecider d = keda();
    // poll activates 0 -> 1, then the HPA: ceil(5 / 0.5) = 10, limited to max(1 + 4, 2) = 5
    assertEquals(5, at(d, spec, obs, 100).desiredInstances());
    obs.ready(5);
    // next sync (116): ratio 5 / (0.5 x 5) = 2 -> 10, limit max(5 + 4, 10) = 10
    ScaleDecision s = at(d, spec, obs, 116);
    assertEquals(10, s.desiredInstances());
    assertEquals(2.0, s.signals().get("ratio"), 1e-12);
    obs.ready(10);
    assertEquals(10, at(d, spec, obs, 130).desiredInstances()); // ratio 1: within tolerance
  }

  @Test
  void minReplicaCountKeepsTheFloor() {
    DeciderSpec spec = SPEC.toBuilder().minInstances(2).build();
    FakeObservation obs = FakeObservation.ofSeconds(2000).ready(0);
    assertEquals(2, at(keda(), spec, obs, 100).desiredInstances());
  }
}
