package io.prescale.autoscaler.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.testing.FakeObservation;
import java.time.Duration;
import org.junit.jupiter.api.Test;

/** Hybrid histogram windows from known idle-time histograms, one test per branch. */
class HybridHistogramTest {
  private static final DeciderSpec SPEC = DeciderSpec.builder().mode("hybrid-histogram").build();

  private static ScaleDecision at(HybridHistogramDecider d, FakeObservation obs, double seconds) {
    long nanos = Math.round(seconds * 1e9);
    return d.decide(SPEC, obs, nanos);
  }

  @Test
  void percentilesGiveHeadAndTailWindows() {
    IdleTimeHistogram h = new IdleTimeHistogram();
    for (int i = 0; i < 5; i++) {
      h.record(2);
    }
    for (int i = 0; i < 94; i++) {
      h.record(10);
    }
    h.record(30);
    h.recompute();
    assertEquals(IdleTimeHistogram.Branch.HISTOGRAM, h.branch());
    assertEquals(2, h.percentileBin(0.05)); // 5 of 100 reach the 5th percentile at bin 2
    assertEquals(10, h.percentileBin(0.99)); // 99 of 100 at bin 10: the outlier at 30 is beyond
    assertEquals(2 * 0.9, h.preWarmMinutes(), 1e-12);
    assertEquals(11 * 1.1, h.keepAliveMinutes(), 1e-12);
  }

  @Test
  void timerEveryTenMinutesIsUnloadedThenPreWarmed() {
    FakeObservation obs = FakeObservation.ofSeconds(20_000).ready(1);
    for (int m = 0; m <= 200; m += 10) {
      obs.minuteArrivals(m, 1); // idle times of 9 whole minutes: bin 9, CV = sqrt(239)
    }
    HybridHistogramDecider d = new HybridHistogramDecider(FunctionKey.of("fn"));
    double last = 200 * 60; // pre-warm 9 x 0.9 = 8.1 min, keep-alive 10 x 1.1 = 11 min
    ScaleDecision unloaded = at(d, obs, last + 5 * 60);
    assertEquals(0, unloaded.desiredInstances());
    assertEquals(Duration.ZERO, unloaded.keepAlive());
    assertEquals(8.1, unloaded.signals().get("preWarmMinutes"), 1e-9);
    assertEquals(11.0, unloaded.signals().get("keepAliveMinutes"), 1e-9);
    assertEquals(20.0, unloaded.signals().get("idleTimes"));
    assertEquals(0, at(d, obs, last + 8.09 * 60).desiredInstances());
    ScaleDecision warm = at(d, obs, last + 8.1 * 60);
    assertEquals(1, warm.desiredInstances());
    assertEquals(Duration.ZERO, warm.keepAlive());
    assertEquals(1, at(d, obs, last + 19.09 * 60).desiredInstances());
    assertEquals(0, at(d, obs, last + 19.1 * 60).desiredInstances());
  }

  @Test
  void busyFunctionKeepsAliveForTheTailWithoutPreWarm() {
    FakeObservation obs = FakeObservation.ofSeconds(10_000).ready(1);
    for (int m = 0; m <= 100; m++) {
      obs.minuteArrivals(m, 30); // consecutive busy minutes: idle time 0
    }
    ScaleDecision s = at(new HybridHistogramDecider(FunctionKey.of("fn")), obs, 101 * 60 + 1);
    assertEquals(0, s.desiredInstances());
    assertEquals(Duration.ofMillis(66_000), s.keepAlive()); // (0 + 1) x 1 min x 1.1
  }

  @Test
  void spreadHistogramIsNotRepresentativeAndKeepsAliveFourHours() {
    IdleTimeHistogram h = new IdleTimeHistogram();
    for (int it = 0; it < IdleTimeHistogram.BINS; it++) {
      h.record(it); // one idle time in every bin: CV 0
    }
    h.recompute();
    assertEquals(IdleTimeHistogram.Branch.NOT_REPRESENTATIVE, h.branch());
    assertEquals(0.0, h.cv(), 1e-12);
    assertEquals(0.0, h.preWarmMinutes());
    assertEquals(240.0, h.keepAliveMinutes());
  }

  @Test
  void mostlyOutOfBoundsUsesThePredictedIdleTime() {
    FakeObservation obs = FakeObservation.ofSeconds(80_000).ready(0);
    // busy minutes 0, 301, 702, 1203: idle times 300, 400, 500 minutes, all beyond 4 h
    for (int m : new int[] {0, 301, 702, 1203}) {
      obs.minuteArrivals(m, 1);
    }
    HybridHistogramDecider d = new HybridHistogramDecider(FunctionKey.of("fn"));
    ScaleDecision s = at(d, obs, 1204 * 60);
    // exponential smoothing (alpha 0.5): 300 -> 350 -> 425 minutes
    assertEquals(0.85 * 425, s.signals().get("preWarmMinutes"), 1e-9);
    assertEquals(0.30 * 425, s.signals().get("keepAliveMinutes"), 1e-9);
    assertEquals(1.0, s.signals().get("outOfBoundsShare"));
    double last = 1203 * 60;
    assertEquals(0, at(d, obs, last + 361 * 60).desiredInstances());
    assertEquals(1, at(d, obs, last + 362 * 60).desiredInstances()); // 0.85 x 425 = 361.25 min
    assertEquals(0, at(d, obs, last + 489 * 60).desiredInstances()); // past 361.25 + 127.5
  }

  @Test
  void noHistoryFallsBackToFourHourKeepAlive() {
    ScaleDecision s =
        at(
            new HybridHistogramDecider(FunctionKey.of("fn")),
            FakeObservation.ofSeconds(100).arrivals(10, 1),
            50);
    assertEquals(0, s.desiredInstances());
    assertEquals(Duration.ofHours(4), s.keepAlive());
    assertTrue(s.reason().startsWith("no idle-time history"), s.reason());
  }

  @Test
  void theMinuteStillFillingIsNotRead() {
    FakeObservation obs = FakeObservation.ofSeconds(10_000);
    obs.minuteArrivals(0, 1).minuteArrivals(10, 1);
    HybridHistogramDecider d = new HybridHistogramDecider(FunctionKey.of("fn"));
    // at 10 min 30 s, minute 10 is incomplete: only minute 0 was read, no idle time yet
    assertEquals(0.0, at(d, obs, 630).signals().get("idleTimes"));
    assertEquals(1.0, at(d, obs, 660).signals().get("idleTimes"));
  }

  @Test
  void burstsOfSeveralInvocationsCountTheirSubMinuteIdleTimes() {
    FakeObservation obs = FakeObservation.ofSeconds(20_000).ready(1);
    for (int m = 0; m <= 200; m += 10) {
      obs.minuteArrivals(m, 5); // per burst: 4 idle times in bin 0, 1 in bin 9
    }
    ScaleDecision s = at(new HybridHistogramDecider(FunctionKey.of("fn")), obs, 201 * 60);
    assertEquals(21 * 4 + 20, s.signals().get("idleTimes").intValue()); // 21 bursts, 20 gaps
    // head (5th percentile) is bin 0: no pre-warm, so no unload between the burst's invocations;
    // tail (99th percentile) is bin 9: keep-alive (9 + 1) x 1.1 = 11 min
    assertEquals(0, s.desiredInstances());
    assertEquals(Duration.ofMinutes(11), s.keepAlive());
  }
}
