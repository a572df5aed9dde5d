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

/** Each decision names the kind of traffic the function's own data show. */
class TrafficClassTest {
  private static Demand demand(boolean ready, double perMinute, double sigma) {
    return new Demand(
        "ewma",
        ready,
        perMinute,
        sigma,
        perMinute / 60,
        1,
        3.5,
        1,
        0,
        0.99,
        0,
        0,
        false,
        10,
        90,
        false,
        0);
  }

  @Test
  void theFirstMatchingClassWins() {
    assertEquals(TrafficClass.FIRST_SEEN, TrafficClass.of(demand(false, 500, 0), 1440, 3));
    assertEquals(TrafficClass.DIURNAL, TrafficClass.of(demand(true, 500, 0), 1440, 0));
    assertEquals(TrafficClass.TIMER, TrafficClass.of(demand(true, 0.2, 0), 5, 0));
    assertEquals(TrafficClass.DENSE, TrafficClass.of(demand(true, 300, 100), 0, 2));
    assertEquals(TrafficClass.BURSTY, TrafficClass.of(demand(true, 10, 20), 0, 0));
    assertEquals(TrafficClass.BURSTY, TrafficClass.of(demand(true, 10, 3), 0, 1));
    assertEquals(TrafficClass.SPARSE, TrafficClass.of(demand(true, 0.1, 0.3), 0, 0));
    assertEquals(TrafficClass.STEADY, TrafficClass.of(demand(true, 10, 3), 0, 0));
  }

  @Test
  void aNewFunctionsDecisionSaysFirstSeenThenItsClassOnceTheModelForecasts() {
    long t0 = OnDemandHarness.T0;
    int seconds = 3 * 3600;
    FakeObservation obs = new FakeObservation(t0, seconds);
    obs.durationSeconds = 0.2;
    for (long s = t0; s < t0 + seconds - 1; s++) {
      obs.arrive(s, 3); // three a second: dense
    }
    DeciderSpec spec = DeciderSpec.defaults();
    Decider d =
        Providers.find(DeciderProvider.class, "predictive").create(FunctionKey.of("dense"), spec);
    ScaleDecision first = d.decide(spec, obs.at(t0 + 2), EpochNanos.ofSecond(t0 + 2));
    assertTrue(first.reason().contains("first-seen traffic"), first.reason());
    assertEquals(TrafficClass.FIRST_SEEN.ordinal(), first.signals().get(Signals.TRAFFIC_CLASS));
    ScaleDecision later = first;
    for (long s = t0 + 4; s < t0 + seconds - 2; s += 2) {
      obs.ready = later.desiredInstances();
      later = d.decide(spec, obs.at(s), EpochNanos.ofSecond(s));
    }
    assertTrue(later.reason().contains("dense traffic"), later.reason());
    assertEquals(TrafficClass.DENSE.ordinal(), later.signals().get(Signals.TRAFFIC_CLASS));
  }
}
