package io.prescale.autoscaler.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.prescale.testing.FakeObservation;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SecondWindowTest {

  private static double brute(FakeObservation obs, long last, int n) {
    long first = 0;
    while (obs.concurrency(first) <= 0) {
      first++;
    }
    long seen = Math.min(n, last - first + 1);
    if (seen <= 0) {
      return 0;
    }
    double sum = 0;
    for (long s = last - n + 1; s <= last; s++) {
      sum += obs.concurrency(s);
    }
    return sum / seen;
  }

  @Test
  void runningAveragesEqualAFullRescanAtEveryStep() {
    SplittableRandom random = new SplittableRandom(7);
    FakeObservation obs = FakeObservation.ofSeconds(5000);
    for (int s = 3; s < 5000; s++) {
      obs.concurrency(s, s + 1, random.nextInt(4) == 0 ? 0 : random.nextDouble() * 50);
    }
    SecondWindow w = new SecondWindow();
    long last = 10;
    while (last < 4900) {
      w.advance(obs, last, 60, 6, false);
      assertEquals(brute(obs, last, 60), w.stableAverage(), 1e-9, "stable at " + last);
      assertEquals(brute(obs, last, 6), w.panicAverage(), 1e-9, "panic at " + last);
      last += random.nextInt(10) == 0 ? 1 + random.nextInt(150) : 2; // ticks and gaps
    }
  }

  @Test
  void lateDataInsideThePanicWindowIsSeenAtOnceAndOlderWithinOneWindow() {
    FakeObservation obs = FakeObservation.ofSeconds(1000).concurrency(0, 1000, 1);
    SecondWindow w = new SecondWindow();
    w.advance(obs, 99, 60, 6, false);
    obs.concurrency(97, 98, 7); // a span that ended late adds to second 97
    w.advance(obs, 101, 60, 6, false);
    assertEquals(brute(obs, 101, 6), w.panicAverage(), 1e-12);
    assertEquals(brute(obs, 101, 60), w.stableAverage(), 1e-12);
    obs.concurrency(70, 71, 31); // older than the panic window
    long last = 101;
    while (last < 101 + 60) {
      last += 2;
      w.advance(obs, last, 60, 6, false);
    }
    assertEquals(brute(obs, last, 60), w.stableAverage(), 1e-12);
  }

  @Test
  void tracksTheNewestBusySecondAndReadsZeroForAnEmptyWindow() {
    FakeObservation obs = FakeObservation.ofSeconds(1000).concurrency(0, 10, 1);
    SecondWindow w = new SecondWindow();
    w.advance(obs, 20, 60, 6, false);
    assertEquals(9, w.lastBusySecond());
    w.advance(obs, 68, 60, 6, false);
    assertEquals(1.0 / 60, w.stableAverage(), 1e-12); // only second 9 left in [9, 68]
    w.advance(obs, 69, 60, 6, false);
    assertEquals(0.0, w.stableAverage());
  }

  @Test
  void aBurstAfterAWholeIdleWindowIsAveragedSinceItBegan() {
    // Knative resets the first write when a window passed without data
    FakeObservation obs = FakeObservation.ofSeconds(1000).concurrency(0, 10, 1).concurrency(200, 202, 12);
    SecondWindow w = new SecondWindow();
    w.advance(obs, 11, 60, 6, false);
    w.advance(obs, 201, 60, 6, false);
    assertEquals(12.0, w.stableAverage(), 1e-12); // 24 / 2 seconds, not 24 / 60
    assertEquals(12.0, w.panicAverage(), 1e-12);
  }

  @Test
  void readyPodsKeepWritingZerosSoNoResetHappens() {
    FakeObservation obs = FakeObservation.ofSeconds(1000).concurrency(0, 10, 1).concurrency(200, 202, 12);
    SecondWindow w = new SecondWindow();
    for (long last = 11; last <= 201; last += 2) {
      w.advance(obs, last, 60, 6, true);
    }
    assertEquals(24.0 / 60, w.stableAverage(), 1e-12);
    assertEquals(24.0 / 6, w.panicAverage(), 1e-12);
  }

  @Test
  void aGapInCallsStillSeesWritesJustBeforeTheWindow() {
    // writes every second up to 134, then a call at 201 after a 190 s gap: 190 - 134 <= 60, no reset
    FakeObservation obs = FakeObservation.ofSeconds(1000).concurrency(0, 135, 1).concurrency(190, 202, 3);
    SecondWindow w = new SecondWindow();
    w.advance(obs, 11, 60, 6, false);
    w.advance(obs, 201, 60, 6, false);
    assertEquals(36.0 / 60, w.stableAverage(), 1e-12); // a reset would give 36 / 12
  }
}
