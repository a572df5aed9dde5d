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

/** A brand-new function (no rate history): its first request must not read as a rate. */
class FirstRequestTest {
  private static final long T0 = 1_700_000_040L - 1_700_000_040L % 3600 + 20;
  private static final DeciderSpec SPEC = DeciderSpec.defaults();

  private static Decider decider() {
    return Providers.find(DeciderProvider.class, "predictive").create(FunctionKey.of("fake"), SPEC);
  }

  @Test
  void aSingleFirstRequestAsksForTheOneInstanceItOccupies() {
    for (double duration : new double[] {0.3, 1, 5, 30}) {
      Decider d = decider();
      FakeObservation obs = new FakeObservation(T0, 600);
      obs.durationSeconds = duration;
      obs.arrive(T0, 1);
      obs.ready = 1;
      int max = 0;
      for (long s = T0 + 1; s < T0 + 60; s++) {
        ScaleDecision x = d.decide(SPEC, obs.at(s), EpochNanos.ofSecond(s));
        max = Math.max(max, x.desiredInstances());
        obs.ready = Math.max(1, x.desiredInstances());
      }
      // before the fix: a rate of one per settled second, 3 to 13 instances for one request
      assertEquals(1, max, "duration " + duration + " s");
    }
  }

  @Test
  void aNewFunctionWithSteadyTrafficStillScalesOnItsRate() {
    Decider d = decider();
    FakeObservation obs = new FakeObservation(T0, 600);
    obs.durationSeconds = 3;
    for (long s = T0; s < T0 + 30; s++) {
      obs.arrive(s, 1); // one per second, 3 s each: about 3 in flight
    }
    int max = 0;
    for (long s = T0 + 1; s < T0 + 30; s++) {
      ScaleDecision x = d.decide(SPEC, obs.at(s), EpochNanos.ofSecond(s));
      max = Math.max(max, x.desiredInstances());
      obs.ready = x.desiredInstances();
    }
    assertTrue(max >= 3, "max desired " + max);
  }
}
