package io.prescale.autoscaler.predictive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.core.decide.DeciderSpec;
import org.junit.jupiter.api.Test;

class DemandTransientTest {
  private static final DeciderSpec SPEC = DeciderSpec.defaults();
  private static final double HORIZON = 3.5;

  /**
   * A sparse function whose requests run 150 s; the idle-time model says 20 % within the horizon.
   */
  private static Demand sparseLongRunning(double idleAge, double inFlight) {
    return Demand.of(
        SPEC, "ewma", true, 0.2, 0, 0, 0, HORIZON, 150, 150, 0.2, idleAge, inFlight, 0, 600, 0.99,
        false);
  }

  @Test
  void fromIdleOnlyTheArrivalsWithinTheHorizonNeedSlots() {
    Demand idle = sparseLongRunning(100, 0);
    Demand busy = sparseLongRunning(0, 12);
    assertTrue(idle.warm() && busy.warm());
    double slotRate = -Math.log1p(-0.2) / HORIZON; // the idle model's hazard over the horizon
    double stay = Math.exp(-HORIZON / 150);
    // M/M/inf from empty: the arrivals within the horizon still running, about rate x H
    assertEquals(slotRate * 150 * (1 - stay), idle.meanConcurrency(), 1e-9);
    assertTrue(idle.meanConcurrency() < slotRate * HORIZON);
    // from 12 in flight: those still running plus the new arrivals
    assertEquals(12 * stay + slotRate * 150 * (1 - stay), busy.meanConcurrency(), 1e-9);
    assertTrue(idle.instances() <= 2, "slots for the next arrivals only: " + idle);
    // 11.7 expected to still run: 11 held, the rest (0.7 of one plus the arrivals, about 0.9 in
    // all) covered by slots at the on-demand price of 600 s
    assertTrue(
        busy.instances() >= 12 && busy.instances() <= 16,
        "the running requests plus a few slots for the next arrivals: " + busy);
  }

  @Test
  void aLongRunningFunctionIsNotProvisionedForItsAverageLoadTimesTheUtilizationTarget() {
    // 3,000 s requests at 0.15/s: 450 in flight on average, 470 running now
    Demand d =
        Demand.of(
            SPEC,
            "ewma",
            true,
            9,
            0,
            0,
            0,
            HORIZON,
            3000,
            3000,
            Double.NaN,
            0,
            470,
            470 / 3000.0,
            90,
            0.99,
            true);
    assertTrue(d.instances() >= 470, "every running request keeps its instance: " + d);
    assertTrue(d.instances() <= 476, "a few slots for the arrivals within the horizon: " + d);
  }

  @Test
  void shortRequestsAreUnchangedByTheTransient() {
    Demand idle =
        Demand.of(
            SPEC, "ewma", true, 30, 0, 0, 0, HORIZON, 0.2, 0.2, 0.9, 5, 0, 0, 600, 0.99, false);
    Demand busy =
        Demand.of(
            SPEC, "ewma", true, 30, 0, 0, 0, HORIZON, 0.2, 0.2, 0.9, 0, 0.1, 0, 600, 0.99, false);
    assertEquals(busy.meanConcurrency(), idle.meanConcurrency(), 1e-6);
    assertEquals(busy.instances(), idle.instances());
  }

  @Test
  void theKeepAliveBudgetOnlyRaisesThePrice() {
    assertEquals(600, WarmEconomics.atLeastKeepAlive(600, 30), 0);
    assertEquals(1200, WarmEconomics.atLeastKeepAlive(600, 1200), 0);
    assertEquals(600, WarmEconomics.atLeastKeepAlive(600, Double.NaN), 0);
  }
}
