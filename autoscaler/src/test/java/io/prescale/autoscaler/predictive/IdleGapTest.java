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
import org.junit.jupiter.api.Test;

/** The idle-time model from the first gap a sparse function shows. */
class IdleGapTest {
  private static final long T0 = 1_700_000_040L - 1_700_000_040L % 3600;
  private static final DeciderSpec SPEC = DeciderSpec.defaults();

  /**
   * Ticks from {@code from} to {@code to} on a minimal on-demand platform (a request starts an
   * instance; an idle one above the decision goes after the decision's keep-alive); returns the
   * first second at or after {@code watchFrom} at which the decision starts an instance while none
   * is ready (a pre-warm), or -1.
   */
  private static long firstWarm(
      Decider d, FakeObservation obs, long from, long to, long watchFrom) {
    long first = -1;
    long keptUntil = Long.MIN_VALUE;
    long keepAlive = 0;
    for (long s = from; s < to; s += SPEC.tick().getSeconds()) {
      for (long b = s - SPEC.tick().getSeconds(); b < s; b++) {
        if (b >= T0 && obs.concurrency[(int) (b - T0)] > 0) {
          keptUntil = b + 1 + keepAlive;
        }
      }
      obs.ready = Math.max(obs.ready, s < keptUntil ? 1 : 0);
      boolean none = obs.ready == 0;
      ScaleDecision x = d.decide(SPEC, obs.at(s), EpochNanos.ofSecond(s));
      keepAlive = x.keepAlive() == null ? 0 : x.keepAlive().getSeconds();
      obs.ready = Math.max(x.desiredInstances(), s < keptUntil ? 1 : 0);
      if (first < 0 && s >= watchFrom && none && x.desiredInstances() > 0) {
        first = s;
      }
    }
    return first;
  }

  @Test
  void aTwentyMinuteTimerIsPreWarmedForItsThirdTickAfterOneGap() {
    // arrivals every 1230 s: after the second one the model has seen one gap (1229 s idle), in
    // the bin [1200, 1260) s; the rate model alone (about 1/1230 per second) never pays a
    // pre-warm at a 600 s cold-start price, one gap shrunk 1:10 towards it does near 1230 s
    FakeObservation obs = new FakeObservation(T0, 4 * 1230 + 600);
    for (int i = 0; i < 4; i++) {
      obs.arrive(T0 + 30 + 1230L * i, 1);
    }
    long third = T0 + 30 + 2 * 1230L;
    Decider d =
        Providers.find(DeciderProvider.class, "predictive").create(FunctionKey.of("fake"), SPEC);
    long warm = firstWarm(d, obs, T0 + 2, third, third - 1200);
    assertTrue(warm > 0, "never pre-warmed for the third tick");
    assertTrue(warm <= third - 3, "pre-warmed " + (third - warm) + " s before the tick");
    assertTrue(
        warm >= third - 60,
        "held no longer than the gap's bin: from " + (third - warm) + " s before" + " s");
  }

  @Test
  void withoutAGapSeenTheSecondTickIsNotPreWarmed() {
    FakeObservation obs = new FakeObservation(T0, 3 * 1230);
    obs.arrive(T0 + 30, 1);
    obs.arrive(T0 + 30 + 1230, 1);
    long second = T0 + 30 + 1230;
    Decider d =
        Providers.find(DeciderProvider.class, "predictive").create(FunctionKey.of("fake"), SPEC);
    assertEquals(-1, firstWarm(d, obs, T0 + 2, second, T0 + 31), "nothing says when it comes");
  }

  @Test
  void requestsTooShortToShowInFlightTimeStillEndTheirGaps() {
    // a 5-minute timer whose requests take ~0 ms: no second ever has in-flight time, only arrivals
    FakeObservation obs = new FakeObservation(T0, 13 * 300 + 600);
    obs.durationSeconds = 0;
    for (int i = 0; i < 13; i++) {
      obs.arrive(T0 + 20 + 300L * i, 1);
    }
    PredictiveDecider d =
        (PredictiveDecider)
            Providers.find(DeciderProvider.class, "predictive")
                .create(FunctionKey.of("fake"), SPEC);
    firstWarm(d, obs, T0 + 2, T0 + 12 * 300 + 100, T0);
    // 12 gaps of 299 idle seconds, not one gap of an hour or none at all
    assertEquals(12, d.idle().recorded());
    assertEquals(299, d.idle().quantile(0.5), 30);
  }
}
