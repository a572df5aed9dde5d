package io.prescale.autoscaler.predictive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.DeciderProvider;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.spi.Providers;
import io.prescale.core.time.EpochNanos;
import org.junit.jupiter.api.Test;

/**
 * A decider created for a function with more history than the second tier (after a restart restored
 * its windows) learns the idle gaps before that tier from the minute tier.
 */
class MinuteSeedTest {
  private static final long T0 = 1_700_000_040L - 1_700_000_040L % 3600;
  private static final DeciderSpec SPEC = DeciderSpec.defaults();

  private static PredictiveDecider decider() {
    return (PredictiveDecider)
        Providers.find(DeciderProvider.class, "predictive").create(FunctionKey.of("fake"), SPEC);
  }

  /**
   * A 10-minute timer from T0 + 30 for {@code hours}; the decider's first tick comes right after.
   */
  private static PredictiveDecider firstTickAfter(int hours) {
    FakeObservation obs = new FakeObservation(T0, hours * 3600 + 120);
    for (long t = T0 + 30; t < T0 + hours * 3600L; t += 600) {
      obs.arrive(t, 1);
    }
    long now = T0 + hours * 3600L + 20;
    PredictiveDecider d = decider();
    d.decide(SPEC, obs.at(now), EpochNanos.ofSecond(now));
    return d;
  }

  @Test
  void gapsOlderThanTheSecondTierComeFromTheMinutes() {
    // 4 hours of a 10-minute timer: the second tier (1 h) holds 6 ticks, 5 gaps; the minutes
    // before it hold 18 more ticks, 17 gaps of 10 busy-minute steps (599 s), and the gap across
    // the seam between the tiers is not guessed
    PredictiveDecider d = firstTickAfter(4);
    assertEquals(5 + 17, d.idle().recorded());
    assertEquals(
        599, d.idle().quantile(0.5), 60, "the timer's rhythm, within the minute-bin width");
    assertTrue(d.idle().quantile(0.05) > 500, "no short gaps invented: " + d.idle().quantile(0.05));
  }

  @Test
  void historyInsideTheSecondTierIsReadOnlyOnce() {
    // one hour of history: all of it in the second tier, nothing read from minutes
    PredictiveDecider d = firstTickAfter(1);
    assertEquals(5, d.idle().recorded());
  }
}
