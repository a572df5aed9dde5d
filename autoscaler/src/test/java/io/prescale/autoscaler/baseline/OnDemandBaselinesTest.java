package io.prescale.autoscaler.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.time.EpochNanos;
import io.prescale.testing.FakeObservation;
import java.time.Duration;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** keepalive, fixed and off. */
class OnDemandBaselinesTest {
  private static final FunctionKey FN = FunctionKey.of("fn");
  private static final long NOW = EpochNanos.ofSecond(500);

  @ParameterizedTest(name = "keep-alive {0} min")
  @ValueSource(ints = {10, 20})
  void keepAliveHoldsNothingAndKeepsIdleInstancesForTheSpecWindow(int minutes) {
    DeciderSpec spec =
        DeciderSpec.builder().mode("keepalive").keepAlive(Duration.ofMinutes(minutes)).build();
    FakeObservation obs = FakeObservation.ofSeconds(1000).concurrency(0, 1000, 3).ready(3);
    ScaleDecision s = new KeepAliveDecider(FN).decide(spec, obs, NOW);
    assertTrue(s.valid());
    assertEquals(0, s.desiredInstances());
    assertEquals(Duration.ofMinutes(minutes), s.keepAlive());
  }

  @Test
  void keepAliveFollowsAPolicyReloadAtTheNextCall() {
    KeepAliveDecider d = new KeepAliveDecider(FN);
    FakeObservation obs = FakeObservation.ofSeconds(10);
    DeciderSpec spec = DeciderSpec.builder().mode("keepalive").build();
    assertEquals(Duration.ofMinutes(10), d.decide(spec, obs, NOW).keepAlive());
    spec = spec.toBuilder().keepAlive(Duration.ofMinutes(20)).build();
    assertEquals(Duration.ofMinutes(20), d.decide(spec, obs, NOW).keepAlive());
  }

  @Test
  void fixedHoldsMinInstances() {
    DeciderSpec spec = DeciderSpec.builder().mode("fixed").minInstances(3).build();
    FakeObservation obs = FakeObservation.ofSeconds(1000).concurrency(0, 1000, 50).ready(1);
    assertEquals(3, new FixedDecider(FN).decide(spec, obs, NOW).desiredInstances());
  }

  @Test
  void offIsNeverReady() {
    ScaleDecision s =
        new OffDecider(FN).decide(DeciderSpec.defaults(), FakeObservation.ofSeconds(10), NOW);
    assertFalse(s.valid());
    assertEquals("off", s.decider());
  }
}
