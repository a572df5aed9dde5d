package io.prescale.core.decide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.core.FunctionKey;
import io.prescale.core.time.EpochNanos;
import java.time.Instant;
import java.util.Map;
import java.util.concurrent.atomic.AtomicInteger;
import org.junit.jupiter.api.Test;

class ScaleDecisionExplanationTest {
  private static final FunctionKey F = FunctionKey.of("shop/checkout");
  private static final long AT = EpochNanos.of(Instant.parse("2026-12-06T10:00:00Z"));

  @Test
  void theExplanationIsMadeOnlyWhenReadAndOnlyOnce() {
    AtomicInteger made = new AtomicInteger();
    ScaleDecision d =
        ScaleDecision.explained(
            F,
            AT,
            3,
            null,
            "predictive",
            () -> {
              made.incrementAndGet();
              return new ScaleDecision.Explanation(
                  "predictive: 3", Map.of("desiredInstances", 3.0));
            });
    assertEquals(3, d.desiredInstances());
    assertEquals(0, made.get(), "nothing made before a read");
    assertEquals("predictive: 3", d.reason());
    assertEquals(3.0, d.signals().get("desiredInstances"));
    assertEquals(1, made.get(), "made once for both reads");
  }

  @Test
  void clampingALazyDecisionAppendsToItsReasonWhenRead() {
    AtomicInteger made = new AtomicInteger();
    ScaleDecision d =
        ScaleDecision.explained(
            F,
            AT,
            30,
            null,
            "predictive",
            () -> {
              made.incrementAndGet();
              return new ScaleDecision.Explanation("predictive: 30", Map.of());
            });
    DeciderSpec spec = DeciderSpec.defaults().toBuilder().maxInstances(10).build();
    ScaleDecision c = d.clampedTo(spec);
    assertEquals(10, c.desiredInstances());
    assertEquals(0, made.get());
    assertEquals("predictive: 30; clamped 30 to [0, 10]", c.reason());
    assertTrue(c.valid());
  }

  @Test
  void equalityIsByValueWhetherMadeLazilyOrNot() {
    ScaleDecision eager = new ScaleDecision(F, AT, true, 2, null, "kpa", "why", Map.of("a", 1.0));
    ScaleDecision lazy =
        ScaleDecision.explained(
            F, AT, 2, null, "kpa", () -> new ScaleDecision.Explanation("why", Map.of("a", 1.0)));
    assertEquals(eager, lazy);
    assertEquals(eager.hashCode(), lazy.hashCode());
  }
}
