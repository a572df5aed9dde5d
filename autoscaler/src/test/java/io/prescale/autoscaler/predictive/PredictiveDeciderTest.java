package io.prescale.autoscaler.predictive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.autoscaler.loop.FunctionTicker;
import io.prescale.core.FunctionKey;
import io.prescale.core.decide.Decider;
import io.prescale.core.decide.DeciderProvider;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.spi.Providers;
import io.prescale.core.time.EpochNanos;
import java.util.ArrayList;
import java.util.List;
import java.util.Random;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

class PredictiveDeciderTest {
  private static final long T0 = 1_700_000_040L - 1_700_000_040L % 3600; // on an hour boundary
  private static final DeciderSpec SPEC = DeciderSpec.defaults();

  private static Decider decider(DeciderSpec spec) {
    return Providers.find(DeciderProvider.class, "predictive").create(FunctionKey.of("fake"), spec);
  }

  /** Decides every tick in [from, to); the fake platform follows each decision at once. */
  private static List<ScaleDecision> run(
      Decider d, DeciderSpec spec, FakeObservation obs, long from, long to) {
    List<ScaleDecision> out = new ArrayList<>();
    for (long s = from; s < to; s += spec.tick().getSeconds()) {
      ScaleDecision decision = d.decide(spec, obs.at(s), EpochNanos.ofSecond(s));
      assertTrue(decision.valid());
      obs.ready = decision.desiredInstances();
      out.add(decision);
    }
    return out;
  }

  private static ScaleDecision last(List<ScaleDecision> ds) {
    return ds.get(ds.size() - 1);
  }

  @Test
  void isFoundByNameAndDecidesWithNoTraffic() {
    FakeObservation obs = new FakeObservation(T0, 600);
    ScaleDecision d = decider(SPEC).decide(SPEC, obs.at(T0 + 100), EpochNanos.ofSecond(T0 + 100));
    assertTrue(d.valid());
    assertEquals(0, d.desiredInstances());
    assertEquals("predictive", d.decider());
  }

  @Test
  void poissonTrafficIsProvisionedAtThePoissonQuantile() {
    int seconds = 40 * 60;
    FakeObservation obs = new FakeObservation(T0, seconds);
    obs.durationSeconds = 0.2;
    PoissonDistribution p = new PoissonDistribution(new Well19937c(1), 5, 1e-12, 10000);
    for (int s = 0; s < seconds; s++) {
      obs.arrive(T0 + s, p.sample());
    }
    ScaleDecision d = last(run(decider(SPEC), SPEC, obs, T0 + 2, T0 + seconds));
    double rate = d.signals().get(Signals.FORECAST_ARRIVALS_PER_SECOND);
    assertEquals(5, rate, 0.6, d.reason());
    // slots: the last one saves at least what it costs, the next would not (Poisson in flight,
    // mean rate x 0.2 s; cold start priced at Knative's retention 90 s on this autoscaled fake)
    double w = d.signals().get(Signals.COLD_START_WEIGHT);
    assertEquals(90, w, 1e-9);
    PoissonDistribution inflight = new PoissonDistribution(rate * 0.2);
    int n = d.desiredInstances();
    assertTrue(
        rate * w * inflight.probability(n - 1) >= inflight.cumulativeProbability(n - 1) * 0.9,
        d.reason());
    assertTrue(
        rate * w * inflight.probability(n) < inflight.cumulativeProbability(n) * 1.1, d.reason());
    assertEquals(
        inflight.cumulativeProbability(n - 1), d.signals().get(Signals.EFFECTIVE_QUANTILE), 2e-3);
    assertEquals(n - 1, d.signals().get(Signals.CONCURRENCY_QUANTILE), 0.0);
    assertTrue(
        d.signals().get(Signals.EFFECTIVE_QUANTILE) >= 0.99,
        "a busy function gets at least the budget's quantile");
    assertEquals(0.99, d.signals().get(Signals.QUANTILE), 1e-12);
    assertTrue(d.reason().startsWith("predictive"), d.reason());
    assertEquals(
        1 + 0.5 + 2, d.signals().get(Signals.HORIZON_SECONDS), 1e-9, "default cold start 1 s");
  }

  @Test
  void provisionsAheadOfAPredictableRamp() {
    int minutes = 70;
    FakeObservation obs = new FakeObservation(T0, minutes * 60 + 60);
    obs.durationSeconds = 1;
    Random r = new Random(2);
    for (int m = 0; m < minutes; m++) {
      int perMinute = 20 * m; // +20 per minute each minute: 0 .. 23/s
      for (int i = 0; i < perMinute; i++) {
        obs.arrive(T0 + m * 60L + r.nextInt(60), 1);
      }
    }
    Decider d = decider(SPEC);
    List<ScaleDecision> ds = run(d, SPEC, obs, T0 + 2, T0 + (minutes - 1) * 60L);
    int ahead = 0;
    int predictive = 0;
    int checked = 0;
    for (ScaleDecision x : ds) {
      long s = x.at().getEpochSecond();
      long m = (s - T0) / 60;
      if (m < 40) {
        continue;
      }
      checked++;
      double nextLoad = 20 * (m + 1) / 60.0; // mean concurrency a minute ahead (1 s each)
      if (x.desiredInstances() >= nextLoad / 0.7) {
        ahead++;
      }
      if (x.reason().startsWith("predictive")) {
        predictive++;
      }
    }
    assertTrue(ahead >= 0.95 * checked, ahead + " of " + checked + " ahead of next minute's load");
    assertTrue(predictive >= 0.9 * checked, predictive + " of " + checked + " predictive");
  }

  @Test
  void panicsOnASurpriseBurst() {
    int seconds = 31 * 60;
    FakeObservation obs = new FakeObservation(T0, seconds + 10);
    obs.durationSeconds = 0.5;
    for (int s = 0; s < 30 * 60; s += 2) {
      obs.arrive(T0 + s, 1);
    }
    long burst = T0 + 30 * 60 + 7;
    for (int i = 0; i < 4; i++) {
      obs.arrive(burst + i, 40);
    }
    Decider d = decider(SPEC);
    List<ScaleDecision> before = run(d, SPEC, obs, T0 + 2, burst);
    // 0.25 in flight on average: the 99 % quantile of Poisson(0.25) is 2, plus the arriving one
    assertTrue(last(before).desiredInstances() <= 3, last(before).reason());
    ScaleDecision after = last(run(d, SPEC, obs, burst + 1, burst + 7));
    assertTrue(after.reason().startsWith("reactive"), after.reason());
    // 4 of the 6 panic-window seconds carried 20 in flight: 13.4 on average, 14 instances
    assertTrue(
        after.desiredInstances() >= Math.ceil(after.signals().get(Signals.PANIC_CONCURRENCY)),
        after.desiredInstances() + " " + after.reason());
    assertTrue(after.desiredInstances() >= 14, after.reason());
    // the floor of what runs now, panicking or not (the growth in flight may already have
    // raised the forecast's rate, so the forecast need not be far enough below to panic)
    assertTrue(
        after.signals().get(Signals.PANIC) == 1.0
            || after.signals().get(Signals.TARGET_INSTANCES)
                >= after.signals().get(Signals.PANIC_CONCURRENCY),
        after.reason());
  }

  @Test
  void scalesAVerySparseFunctionToZeroAndTellsWhy() {
    int seconds = 12 * 3600;
    FakeObservation obs = new FakeObservation(T0, seconds);
    for (int h = 0; h < 12; h += 3) {
      obs.arrive(T0 + h * 3600L + 17, 1);
    }
    List<ScaleDecision> ds = run(decider(SPEC), SPEC, obs, T0 + 2, T0 + 9 * 3600 + 1800);
    ScaleDecision d = last(ds);
    assertEquals(0, d.desiredInstances(), d.reason());
    assertEquals(0.0, d.signals().get(Signals.KEEP_WARM));
    assertTrue(d.reason().contains("cold ok"), d.reason());
    long warmTicks = ds.stream().filter(x -> x.desiredInstances() > 0).count();
    // warm only around its 4 arrivals: a few minutes each while the rate forecast decays
    assertTrue(warmTicks < 0.03 * ds.size(), warmTicks + " warm ticks of " + ds.size());
  }

  @Test
  void neverGoesBelowMinInstancesThroughTheTickStep() {
    // the decider says what it wants; the tick step (FunctionTicker, as in prescale run and the
    // simulator) applies the policy's bounds
    DeciderSpec spec = SPEC.toBuilder().minInstances(2).build();
    FakeObservation obs = new FakeObservation(T0, 3 * 3600);
    obs.arrive(T0 + 5, 1);
    FunctionTicker ticker =
        new FunctionTicker(
            FunctionKey.of("fake"), s -> Providers.find(DeciderProvider.class, s.mode()));
    boolean belowWanted = false;
    for (long s = T0 + 2; s < T0 + 3 * 3600; s += spec.tick().getSeconds()) {
      ScaleDecision x = ticker.decide(spec, obs.at(s), EpochNanos.ofSecond(s));
      assertTrue(x.desiredInstances() >= 2, x.reason());
      belowWanted |= x.reason().contains("clamped");
      obs.ready = x.desiredInstances();
    }
    assertTrue(belowWanted, "the decider wanted fewer at times: the clamp is the tick step's");
    DeciderSpec noZero = SPEC.toBuilder().scaleToZero(false).build();
    List<ScaleDecision> one = run(decider(noZero), noZero, obs, T0 + 2, T0 + 3 * 3600);
    assertTrue(one.stream().allMatch(x -> x.desiredInstances() >= 1));
  }

  @Test
  void preWarmsATenMinuteTimerJustBeforeItsTickAndReleasesBetween() {
    int cycles = 24;
    FakeObservation obs = new FakeObservation(T0, cycles * 600 + 600);
    Random r = new Random(4);
    long[] at = new long[cycles];
    for (int i = 0; i < cycles; i++) {
      at[i] = T0 + 600L * i + r.nextInt(60); // lands anywhere in its minute, as in the Azure trace
      obs.arrive(at[i], 1);
    }
    Decider d = decider(SPEC);
    List<ScaleDecision> ds = run(d, SPEC, obs, T0 + 2, T0 + cycles * 600L);
    int prewarmed = 0;
    int idleWarmTicks = 0;
    int idleTicks = 0;
    for (int i = 12; i < cycles; i++) {
      long arrival = at[i];
      boolean warm = false;
      for (ScaleDecision x : ds) {
        long s = x.at().getEpochSecond();
        if (s >= arrival - 5 && s <= arrival - 2 && x.desiredInstances() >= 1) {
          warm = true; // warm at least 2 s (the cold start) before the arrival
        }
        if (s >= at[i - 1] + 60 && s < at[i - 1] + 480) {
          idleTicks++;
          if (x.desiredInstances() > 0) {
            idleWarmTicks++;
          }
        }
      }
      if (warm) {
        prewarmed++;
      }
    }
    assertTrue(prewarmed >= 10, prewarmed + " of 12 arrivals pre-warmed");
    assertEquals(0, idleWarmTicks, "released between ticks (" + idleTicks + " idle ticks)");
  }

  @Test
  void onDemandKeepAliveEndsWhenTheNextArrivalIsUnlikelyWithinIt() {
    int cycles = 26;
    FakeObservation obs = new FakeObservation(T0, cycles * 1800 + 600);
    Random r = new Random(5);
    for (int i = 0; i < cycles; i++) {
      obs.arrive(T0 + 1800L * i + r.nextInt(60), 1); // a 30-minute timer
    }
    Decider d = decider(SPEC);
    ScaleDecision x = null;
    long midGap = T0 + (cycles - 1) * 1800L + 900; // half-way between two ticks of the timer
    for (long s = T0 + 2; s <= midGap; s += 2) {
      x = d.decide(SPEC, obs.at(s), EpochNanos.ofSecond(s));
      obs.ready = Math.max(x.desiredInstances(), obs.concurrency[(int) (s - 1 - T0)] > 0 ? 1 : 0);
    }
    assertEquals(0, x.desiredInstances(), x.reason());
    // a fixed 10-minute keep-alive would hold each instance 10 minutes for nothing
    assertTrue(x.keepAlive().getSeconds() < 60, "keep-alive " + x.keepAlive() + " " + x.reason());
    assertTrue(x.keepAlive().toMillis() >= 1000 * x.signals().get(Signals.HORIZON_SECONDS) - 1);
  }
}
