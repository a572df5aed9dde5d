package io.prescale.autoscaler.predictive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.Decider;
import io.prescale.core.decide.DeciderProvider;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.spi.Providers;
import io.prescale.core.time.EpochNanos;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** The decider with {@link BurstLevels} on a fan-out timer, on a fake on-demand platform. */
class BurstDeciderTest {
  private static final long T0 = 1_700_000_040L - 1_700_000_040L % 3600;
  private static final DeciderSpec SPEC = DeciderSpec.defaults();
  private static final int PERIOD = 600;

  @Test
  void aTimerFanningOutToFiveRequestsGetsItsBurstInstancesJustBeforeEachTick() {
    int cycles = 40;
    FakeObservation obs = new FakeObservation(T0, (cycles + 2) * PERIOD);
    obs.durationSeconds = 3;
    // five requests at once, 3 s each, every 9 to 11 minutes (no minute-of-period rhythm for
    // the rate models to learn, but a clear one in the idle times)
    Random r = new Random(7);
    long at = T0 + 30;
    for (int i = 0; i <= cycles; i++) {
      obs.arrive(at, 5);
      if (i < cycles) {
        at += PERIOD - 60 + r.nextInt(121);
      }
    }
    long due = at;
    Decider d =
        Providers.find(DeciderProvider.class, "predictive").create(FunctionKey.of("fake"), SPEC);
    ScaleDecision before = null;
    ScaleDecision between = null;
    long mid = due - PERIOD / 2;
    mid -= mid % 2;
    long lastTick = (due - 1) - (due - 1) % 2;
    for (long s = T0 + 2; s <= lastTick; s += 2) {
      ScaleDecision x = d.decide(SPEC, obs.at(s), EpochNanos.ofSecond(s));
      // on demand: the platform starts an instance for each request that finds none free
      obs.ready =
          Math.max(x.desiredInstances(), (int) Math.ceil(obs.concurrency[(int) (s - 1 - T0)]));
      if (s == mid) {
        between = x;
      }
      before = x;
    }
    // half-way between two ticks nothing is held; in the last tick before one, all five are
    // (levels 2, 3, 4 tracked and reached at every tick, 5 rounds to the tracked 6 never reached,
    // so the burst model holds 4 and level 1's own model the first)
    assertTrue(between.desiredInstances() <= 1, between.reason());
    assertEquals(0, between.signals().get(Signals.BURST_INSTANCES), between.reason());
    assertTrue(before.desiredInstances() >= 4, before.reason());
    assertEquals(4, before.signals().get(Signals.BURST_INSTANCES), before.reason());
    assertTrue(before.reason().startsWith("burst"), before.reason());
  }
}
