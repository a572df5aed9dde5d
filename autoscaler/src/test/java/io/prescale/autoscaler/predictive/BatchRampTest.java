package io.prescale.autoscaler.predictive;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.Decider;
import io.prescale.core.decide.DeciderProvider;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.spi.Providers;
import io.prescale.core.time.EpochNanos;
import org.junit.jupiter.api.Test;

/**
 * A once-a-day batch: from idle, 50 twenty-minute jobs start every second. Their spans (and so
 * their arrivals and durations) come only twenty minutes later; what the decider sees at once is
 * the requests in flight growing and none ending. It must provision ahead of that growth, not only
 * the requests already running (which would make every new job wait for a cold start).
 */
class BatchRampTest {
  private static final long T0 = 1_700_000_040L - 1_700_000_040L % 3600;
  private static final DeciderSpec SPEC =
      DeciderSpec.defaults().toBuilder().maxInstances(100_000).build();
  private static final int RATE = 50;

  private static int[] aheadDuringRamp(boolean reportsEnds) {
    FakeObservation obs = new FakeObservation(T0, 2 * 3600);
    obs.durationSeconds = 1200;
    obs.reportedAtEnd = true;
    obs.reportsEnds = reportsEnds;
    long rampStart = T0 + 600;
    for (long t = rampStart; t < rampStart + 300; t++) {
      obs.arrive(t, RATE);
    }
    Decider d =
        Providers.find(DeciderProvider.class, "predictive").create(FunctionKey.of("batch"), SPEC);
    int minAhead = Integer.MAX_VALUE;
    int maxAhead = Integer.MIN_VALUE;
    for (long s = T0 + 2; s < rampStart + 240; s += 2) {
      ScaleDecision last = d.decide(SPEC, obs.at(s), EpochNanos.ofSecond(s));
      obs.ready = last.desiredInstances(); // an autoscaled platform: what was decided is ready
      if (s >= rampStart + 10) {
        int ahead = last.desiredInstances() - (int) Math.ceil(obs.concurrency(s - 1));
        minAhead = Math.min(minAhead, ahead);
        maxAhead = Math.max(maxAhead, ahead);
      }
    }
    return new int[] {minAhead, maxAhead};
  }

  @Test
  void theGrowthOfRequestsThatDoNotEndIsProvisionedAhead() {
    int[] ahead = aheadDuringRamp(true);
    // the next tick's arrivals (2 s x 50) must find instances: at least that many beyond the
    // running requests, and not wildly more (the growth over the horizon, 50/s x ~3.5 s, plus
    // slots)
    assertTrue(ahead[0] >= 2 * RATE, "instances beyond the running requests, least: " + ahead[0]);
    assertTrue(ahead[1] <= 8 * RATE, "instances beyond the running requests, most: " + ahead[1]);
  }

  @Test
  void withoutEndsReportedTheGrowthStillRaisesTheRate() {
    // a source that does not report ends: the running requests are expected to end after the
    // default duration, yet the growth in flight still says 50 arrive per second
    int[] ahead = aheadDuringRamp(false);
    assertTrue(ahead[0] >= 0, "never below the running requests: " + ahead[0]);
  }
}
