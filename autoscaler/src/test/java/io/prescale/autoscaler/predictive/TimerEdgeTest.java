package io.prescale.autoscaler.predictive;

import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * An exact half-hour timer (a cron job) with 1 s requests: its 1799 s gaps end in the last second
 * of the idle-time model's [1740, 1800) s bin, where the bin's mass spread uniformly is nearly
 * spent. The model must still say "due" there, not "never seen a gap that long".
 */
class TimerEdgeTest {
  @Test
  void anExactHalfHourTimerIsPreWarmedForItsTicks() {
    List<Long> arrivals = new ArrayList<>();
    for (int i = 0; i < 12; i++) {
      arrivals.add(OnDemandHarness.T0 + 30 + 1800L * i);
    }
    OnDemandHarness.Outcome o = OnDemandHarness.run(arrivals, 1);
    assertTrue(o.cold <= 3, "the first tick, and at most two while the model learns: " + o);
  }
}
