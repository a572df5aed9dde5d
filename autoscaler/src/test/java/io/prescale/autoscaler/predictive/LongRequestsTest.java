package io.prescale.autoscaler.predictive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.Decider;
import io.prescale.core.decide.DeciderProvider;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.spi.Providers;
import io.prescale.core.time.EpochNanos;
import org.junit.jupiter.api.Test;

/** Requests longer than a minute are reported when they end; the rate model must still see them. */
class LongRequestsTest {
  private static final long T0 = 1_700_000_040L - 1_700_000_040L % 3600;
  private static final DeciderSpec SPEC = DeciderSpec.defaults();

  @Test
  void theRateModelSeesArrivalsWhoseSpansComeMinutesLater() {
    // one request every 5 minutes, each running 200 s: 0.2 arrivals per minute
    FakeObservation obs = new FakeObservation(T0, 3 * 3600);
    obs.durationSeconds = 200;
    obs.reportedAtEnd = true;
    for (long t = T0 + 10; t < T0 + 3 * 3600 - 300; t += 300) {
      obs.arrive(t, 1);
    }
    Decider d =
        Providers.find(DeciderProvider.class, "predictive").create(FunctionKey.of("fake"), SPEC);
    double sum = 0;
    int n = 0;
    ScaleDecision last = null;
    for (long s = T0 + 2; s < T0 + 2 * 3600; s += 2) {
      last = d.decide(SPEC, obs.at(s), EpochNanos.ofSecond(s));
      if (s >= T0 + 3600) {
        sum += last.signals().get(Signals.FORECAST_ARRIVALS_PER_MINUTE);
        n++;
      }
    }
    // the served model's forecast per minute, averaged over the second hour: 0 when minutes were
    // read before their spans came (a settle time capped below the requests' duration)
    assertEquals(0.2, sum / n, 0.05, last.reason());
  }
}
