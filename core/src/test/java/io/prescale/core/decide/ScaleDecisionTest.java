package io.prescale.core.decide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.prescale.core.FunctionKey;
import io.prescale.core.time.EpochNanos;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.api.Test;

class ScaleDecisionTest {
  private static final FunctionKey F = FunctionKey.of("shop/checkout");
  private static final long T = EpochNanos.of(Instant.parse("2026-11-27T08:00:00Z"));

  @Test
  void clampRaisesToMinimumAndSaysSo() {
    DeciderSpec spec = DeciderSpec.builder().minInstances(3).maxInstances(10).build();
    ScaleDecision d = ScaleDecision.of(F, T, 1, "kpa", "steady", Map.of()).clampedTo(spec);
    assertEquals(3, d.desiredInstances());
    assertEquals("steady; clamped 1 to [3, 10]", d.reason());
  }

  @Test
  void clampLowersToMaximum() {
    DeciderSpec spec = DeciderSpec.builder().maxInstances(10).build();
    assertEquals(
        10,
        ScaleDecision.of(F, T, 40, "kpa", "burst", Map.of()).clampedTo(spec).desiredInstances());
  }

  @Test
  void clampLeavesInRangeAndNotReadyAlone() {
    DeciderSpec spec = DeciderSpec.defaults();
    ScaleDecision inRange = ScaleDecision.of(F, T, 4, "kpa", "steady", Map.of());
    assertSame(inRange, inRange.clampedTo(spec));
    ScaleDecision notReady = ScaleDecision.notReady(F, T, "kpa", "warming up");
    assertSame(notReady, notReady.clampedTo(DeciderSpec.builder().minInstances(2).build()));
    assertFalse(notReady.valid());
  }
}
