package io.prescale.autoscaler.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;

class SecondAveragesTest {

  private static double brute(SecondsObservation obs, long last, int n) {
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
    SecondsObservation obs = new SecondsObservation(5000);
    for (int s = 3; s < 5000; s++) {
      obs.concurrency(s, s + 1, random.nextInt(4) == 0 ? 0 : random.nextDouble() * 50);
    }
    SecondAverages w = SecondAverages.knative();
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
    SecondsObservation obs = new SecondsObservation(1000).concurrency(0, 1000, 1);
    SecondAverages w = SecondAverages.knative();
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
    SecondsObservation obs = new SecondsObservation(1000).concurrency(0, 10, 1);
    SecondAverages w = SecondAverages.knative();
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
    SecondsObservation obs =
        new SecondsObservation(1000).concurrency(0, 10, 1).concurrency(200, 202, 12);
    SecondAverages w = SecondAverages.knative();
    w.advance(obs, 11, 60, 6, false);
    w.advance(obs, 201, 60, 6, false);
    assertEquals(12.0, w.stableAverage(), 1e-12); // 24 / 2 seconds, not 24 / 60
    assertEquals(12.0, w.panicAverage(), 1e-12);
  }

  @Test
  void readyPodsKeepWritingZerosSoNoResetHappens() {
    SecondsObservation obs =
        new SecondsObservation(1000).concurrency(0, 10, 1).concurrency(200, 202, 12);
    SecondAverages w = SecondAverages.knative();
    for (long last = 11; last <= 201; last += 2) {
      w.advance(obs, last, 60, 6, true);
    }
    assertEquals(24.0 / 60, w.stableAverage(), 1e-12);
    assertEquals(24.0 / 6, w.panicAverage(), 1e-12);
  }

  @Test
  void aGapInCallsStillSeesWritesJustBeforeTheWindow() {
    // writes every second up to 134, then a call at 201 after a 190 s gap: 190 - 134 <= 60, no
    // reset
    SecondsObservation obs =
        new SecondsObservation(1000).concurrency(0, 135, 1).concurrency(190, 202, 3);
    SecondAverages w = SecondAverages.knative();
    w.advance(obs, 11, 60, 6, false);
    w.advance(obs, 201, 60, 6, false);
    assertEquals(36.0 / 60, w.stableAverage(), 1e-12); // a reset would give 36 / 12
  }

  // ---- fed(int) ----

  /**
   * The plain definition: fed seconds in (last - n, last] over min(n, seconds since the first fed).
   */
  private static double plainFed(double[] fed, long first, long newest, long last, int n) {
    if (last - newest >= n) {
      return 0;
    }
    double sum = 0;
    for (long s = Math.max(first, last - n + 1); s <= Math.min(last, newest); s++) {
      sum += (float) fed[(int) s];
    }
    return Math.max(0, sum) / Math.min(n, Math.max(last, newest) - first + 1);
  }

  @Test
  void fedAverageEqualsThePlainDefinitionAtEveryStep() {
    SplittableRandom random = new SplittableRandom(11);
    for (int n : new int[] {1, 6, 60}) {
      double[] fed = new double[6000];
      SecondAverages w = SecondAverages.fed(n);
      long first = 100 + random.nextInt(50);
      long newest = first - 1;
      for (long s = first; s < 5000; s++) {
        if (random.nextInt(50) == 0) {
          s += random.nextInt(2 * n + 1); // seconds skipped by the feed
        }
        fed[(int) s] = random.nextInt(3) == 0 ? 0 : random.nextDouble() * 40;
        w.record(s, fed[(int) s]);
        newest = s;
        long last = s + (random.nextInt(20) == 0 ? random.nextInt(n + 1) : 0);
        assertEquals(
            plainFed(fed, first, newest, last, n),
            w.average(last),
            1e-3,
            n + " at " + last); // float buckets
      }
      assertEquals(n, w.length());
    }
  }

  @Test
  void fedZerosCountAsWrittenAndTheFirstFedSecondIsNeverReset() {
    SecondAverages w = SecondAverages.fed(10);
    assertEquals(0.0, w.average(5));
    w.record(100, 0);
    w.record(101, 0);
    w.record(102, 6);
    assertEquals(2.0, w.average(102), 1e-12); // 6 over the 3 seconds fed, zeros included
    w.record(102, 50); // not newer: ignored
    assertEquals(2.0, w.average(102), 1e-12);
    w.record(500, 4); // a long gap in the feed: written, zero, no reset
    assertEquals(0.4, w.average(500), 1e-12);
    assertEquals(0.0, w.average(510)); // a whole window after the newest second fed
  }

  @Test
  void fedValuesKeepFloatPrecision() {
    SecondAverages w = SecondAverages.fed(3);
    w.record(1023, 0.1);
    w.record(1024, 0.1); // re-added from the buckets here: exactly two floats 0.1
    assertEquals(((double) 0.1f + (double) 0.1f) / 2, w.average(1024));
  }

  @Test
  void eachWindowHasItsOwnFeed() {
    SecondsObservation obs = new SecondsObservation(10);
    assertThrows(
        IllegalStateException.class, () -> SecondAverages.fed(5).advance(obs, 5, 5, 5, false));
    assertThrows(IllegalStateException.class, () -> SecondAverages.knative().record(5, 1));
  }
}
