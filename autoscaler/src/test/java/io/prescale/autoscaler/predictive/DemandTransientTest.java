package io.prescale.autoscaler.predictive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.core.decide.DeciderSpec;
import org.junit.jupiter.api.Test;

class DemandTransientTest {
  private static final DeciderSpec SPEC = DeciderSpec.defaults();
  private static final double HORIZON = 3.5;

  /** A sparse function whose requests run 150 s; the idle-time model says 20 % within the horizon. */
  private static Demand sparseLongRunning(double idleAge) {
    return Demand.of(SPEC, "ewma", true, 0.2, 0, 0, 0, HORIZON, 150, 0.2, idleAge, 600, 0.99, false);
  }

  @Test
  void fromIdleOnlyTheArrivalsWithinTheHorizonNeedSlots() {
    Demand idle = sparseLongRunning(100);
    Demand busy = sparseLongRunning(0);
    assertTrue(idle.warm() && busy.warm());
    double slotRate = -Math.log1p(-0.2) / HORIZON; // the idle model's hazard over the horizon
    // M/G/inf from empty: rate x min(duration, horizon); in flight: rate x duration
    assertEquals(slotRate * HORIZON, idle.meanConcurrency(), 1e-9);
    assertEquals(slotRate * 150, busy.meanConcurrency(), 1e-9);
    assertTrue(idle.instances() <= 2, "slots for the next arrivals only: " + idle);
    assertTrue(busy.instances() >= 8, "steady state holds rate x duration: " + busy);
  }

  @Test
  void shortRequestsAreUnchangedByTheTransient() {
    Demand idle = Demand.of(SPEC, "ewma", true, 30, 0, 0, 0, HORIZON, 0.2, 0.9, 5, 600, 0.99, false);
    Demand busy = Demand.of(SPEC, "ewma", true, 30, 0, 0, 0, HORIZON, 0.2, 0.9, 0, 600, 0.99, false);
    assertEquals(busy.meanConcurrency(), idle.meanConcurrency(), 1e-12);
    assertEquals(busy.instances(), idle.instances());
  }

  @Test
  void theKeepAliveBudgetOnlyRaisesThePrice() {
    assertEquals(600, WarmEconomics.atLeastKeepAlive(600, 30), 0);
    assertEquals(1200, WarmEconomics.atLeastKeepAlive(600, 1200), 0);
    assertEquals(600, WarmEconomics.atLeastKeepAlive(600, Double.NaN), 0);
  }
}
