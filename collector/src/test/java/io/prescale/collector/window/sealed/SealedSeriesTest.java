package io.prescale.collector.window.sealed;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.HashMap;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * The compact minute tier against the plain {@link BucketSeries} it replaces: the same writes
 * (forward, late, into sealed hours, beyond retention, gaps) and trims give the same answers,
 * counts exactly and in-flight within {@link HourCodec#RELATIVE_ERROR} of the largest in-flight
 * time per rounding.
 */
class SealedSeriesTest {
  private static final long H0 = 30_000_000L; // epoch minute at an hour start

  @Test
  void matchesTheUncompressedSeriesUnderRandomWrites() {
    for (long seed = 1; seed <= 20; seed++) {
      Random rnd = new Random(seed);
      int retained = 120 + rnd.nextInt(600);
      int lag = 1 + rnd.nextInt(seed % 2 == 0 ? 10 : retained / 2); // minutes-like, seconds-like
      SealedSeries tier = new SealedSeries(retained, lag);
      BucketSeries ref = new BucketSeries(retained);
      Map<Long, Integer> writes = new HashMap<>();
      long newest = H0 + rnd.nextInt(120);
      int sealedSeen = 0;
      maxSeen = 0;
      for (int op = 0; op < 6_000; op++) {
        long key;
        int r = rnd.nextInt(100);
        if (r < 55) {
          key = newest + rnd.nextInt(2); // mostly forward
        } else if (r < 80) {
          key = newest - rnd.nextInt(Math.min(lag + 2, 70)); // late, within the lateness
        } else if (r < 97) {
          key = newest - rnd.nextInt(retained + 30); // old: sealed hours, expired
        } else {
          key = newest + rnd.nextInt(3 * retained); // a gap
        }
        int i = tier.slot(key);
        int j = ref.slot(key);
        assertEquals(j >= 0, i >= 0, "seed " + seed + " op " + op + " key " + key);
        if (i >= 0) {
          int field = rnd.nextInt(HourCodec.FIELDS);
          long delta = rnd.nextInt(10) == 0 ? 1 + rnd.nextInt(100_000) : rnd.nextInt(3);
          double seconds = rnd.nextInt(5) == 0 ? 0 : rnd.nextDouble() * 60;
          tier.add(i, field, delta);
          ref.add(j, field, delta);
          if (rnd.nextInt(8) == 0) { // a live sample replaces the reconstruction
            double before = ref.effective(key);
            assertEquals(
                ref.sample(j, seconds),
                tier.sample(i, seconds),
                tolerance(before, writes.getOrDefault(key, 0)));
          } else {
            tier.addInflight(i, seconds);
            ref.addInflight(j, seconds);
          }
          assertEquals(ref.sampled(j), tier.sampled(i));
          writes.merge(key, 1, Integer::sum);
          maxSeen = Math.max(maxSeen, ref.effective(key));
          newest = Math.max(newest, key);
        }
        if (op % 700 == 699) {
          long now = newest + rnd.nextInt(3) * rnd.nextInt(retained);
          tier.trim(now);
          ref.trim(now);
        }
        sealedSeen = Math.max(sealedSeen, tier.sealedHours());
        assertEquals(ref.newestKey(), tier.newestKey(), "seed " + seed + " op " + op);
        if (op % 100 == 0) {
          compareAll(seed, tier, ref, writes, newest, retained);
        }
      }
      compareAll(seed, tier, ref, writes, newest, retained);
      assertTrue(sealedSeen > 0, "seed " + seed + " sealed some hours");
    }
  }

  private static void compareAll(
      long seed,
      SealedSeries tier,
      BucketSeries ref,
      Map<Long, Integer> writes,
      long newest,
      int retained) {
    long from = newest - retained - 5;
    int n = retained + 10;
    for (long k = from; k < from + n; k++) {
      for (int f = 0; f < HourCodec.FIELDS; f++) {
        assertEquals(
            ref.count(k, f), tier.count(k, f), "seed " + seed + " key " + k + " field " + f);
      }
      double e = ref.effective(k);
      assertEquals(
          e,
          tier.effective(k),
          tolerance(e, writes.getOrDefault(k, 0)),
          "seed " + seed + " key " + k);
    }
    long[][] a = new long[4][n];
    double[] ca = new double[n];
    long[][] b = new long[4][n];
    double[] cb = new double[n];
    tier.copy(from, n, a[0], a[1], a[2], a[3], ca);
    ref.copy(from, n, b[0], b[1], b[2], b[3], cb);
    double total = 0;
    int totalWrites = 0;
    for (int x = 0; x < n; x++) {
      for (int f = 0; f < 4; f++) {
        assertEquals(b[f][x], a[f][x], "seed " + seed + " copy at " + (from + x));
      }
      int w = writes.getOrDefault(from + x, 0);
      assertEquals(cb[x], ca[x], tolerance(cb[x], w), "seed " + seed + " copy at " + (from + x));
      total += cb[x];
      totalWrites += w;
    }
    for (int f = 0; f < 4; f++) {
      assertEquals(ref.sum(f, from, from + n), tier.sum(f, from, from + n), "seed " + seed);
      long mid = newest - retained / 2;
      assertEquals(
          ref.sum(f, mid, newest), tier.sum(f, mid, newest), "seed " + seed + " from " + mid);
    }
    assertEquals(total, tier.sumEffective(from, from + n), tolerance(total, totalWrites + n));
    for (int f = 0; f < 4; f++) {
      for (long to : new long[] {newest + 1, newest - 30, newest - 61, newest - retained / 2}) {
        assertEquals(ref.newestWith(f, to), tier.newestWith(f, to), "seed " + seed + " to " + to);
      }
    }
  }

  private static double maxSeen;

  /**
   * Each write can cause one more rounding of its minute (an unseal and a re-seal), each within
   * {@link HourCodec#RELATIVE_ERROR} of its hour's largest in-flight time (at most {@code
   * maxSeen}).
   */
  private static double tolerance(double value, int writes) {
    return maxSeen * HourCodec.RELATIVE_ERROR * (writes + 1) * 1.001 + 1e-9;
  }

  @Test
  void hoursOlderThanADayKeepCoarserInFlightAndExactCounts() {
    int days = 3;
    SealedSeries coarse = new SealedSeries(7 * 24 * 60, 6, 24 * 60);
    SealedSeries fine = new SealedSeries(7 * 24 * 60, 6);
    Random rnd = new Random(5);
    int n = days * 24 * 60;
    double[] inflight = new double[n];
    int[] arrivals = new int[n];
    for (int k = 0; k < n; k++) {
      arrivals[k] = rnd.nextInt(40);
      inflight[k] = arrivals[k] * 0.2 * (0.5 + rnd.nextDouble());
      for (SealedSeries s : new SealedSeries[] {coarse, fine}) {
        int i = s.slot(H0 + k);
        s.add(i, BucketSeries.ARRIVALS, arrivals[k]);
        s.addInflight(i, inflight[k]);
      }
    }
    long newest = H0 + n - 1;
    for (int k = 0; k < n; k++) {
      long key = H0 + k;
      assertEquals(arrivals[k], coarse.count(key, BucketSeries.ARRIVALS), "minute " + k);
      double hourMax = 0;
      for (int m = k - k % 60; m < k - k % 60 + 60; m++) {
        hourMax = Math.max(hourMax, inflight[m]);
      }
      boolean old = Math.floorDiv(key, 60) < Math.floorDiv(newest - 24 * 60, 60);
      double bound =
          hourMax * Math.scalb(1.0, -(old ? HourCodec.COARSE_BITS : HourCodec.FINE_BITS));
      assertEquals(
          inflight[k], coarse.effective(key), bound, "minute " + k + (old ? " (coarse)" : ""));
      assertEquals(
          inflight[k], fine.effective(key), hourMax * HourCodec.RELATIVE_ERROR, "minute " + k);
    }
    coarse.trim(newest); // releases spare room; nothing expires
    fine.trim(newest);
    assertTrue(coarse.bytes() < fine.bytes() * 0.95, coarse.bytes() + " vs " + fine.bytes());
    // late data into a coarse hour: unsealed, counted exactly, sealed coarse again
    int i = coarse.slot(H0 + 30);
    coarse.add(i, BucketSeries.ERRORS, 2);
    coarse.addInflight(i, 1);
    coarse.slot(newest + 1);
    assertEquals(2, coarse.count(H0 + 30, BucketSeries.ERRORS));
    assertEquals(arrivals[30], coarse.count(H0 + 30, BucketSeries.ARRIVALS));
    double hourMax = 0;
    long total = 0;
    for (int m = 0; m < n; m++) {
      hourMax = m < 60 ? Math.max(hourMax, inflight[m] + (m == 30 ? 1 : 0)) : hourMax;
      total += arrivals[m];
    }
    assertEquals(
        inflight[30] + 1,
        coarse.effective(H0 + 30),
        2 * hourMax * Math.scalb(1.0, -HourCodec.COARSE_BITS),
        "rounded once more");
    assertEquals(total, coarse.sum(BucketSeries.ARRIVALS, H0, newest + 1));
  }

  @Test
  void sevenDaysOfBusyMinutesFitInAFewKibibytes() {
    SealedSeries tier = new SealedSeries(7 * 24 * 60, 6);
    for (long k = H0; k < H0 + 7 * 24 * 60; k++) {
      int i = tier.slot(k);
      tier.add(i, BucketSeries.ARRIVALS, 1);
      tier.add(i, BucketSeries.COMPLETIONS, 1);
      tier.addInflight(i, 0.2);
    }
    assertEquals(167, tier.sealedHours());
    assertTrue(tier.bytes() < 12 * 1024, "bytes " + tier.bytes()); // was ~290 KiB uncompressed
    assertEquals(7 * 24 * 60, tier.sum(BucketSeries.ARRIVALS, H0, H0 + 7 * 24 * 60));
  }

  @Test
  void sealsWholeHoursOnceTheyAreALagBehindTheNewestMinute() {
    SealedSeries tier = new SealedSeries(7 * 24 * 60, 6);
    for (long k = H0; k < H0 + 60 + 5; k++) {
      tier.add(tier.slot(k), BucketSeries.ARRIVALS, 1);
    }
    assertEquals(0, tier.sealedHours(), "minute 5 of the next hour: still within the lag");
    assertEquals(65, tier.recentSize());
    tier.add(tier.slot(H0 + 66), BucketSeries.ARRIVALS, 1);
    assertEquals(1, tier.sealedHours(), "6 minutes past the hour's end: sealed");
    assertEquals(6, tier.recentSize());
    assertEquals(60, tier.sum(BucketSeries.ARRIVALS, H0, H0 + 60));
    assertEquals(
        66, tier.sum(BucketSeries.ARRIVALS, H0, H0 + 67), "across the sealed/recent boundary");
    assertEquals(1, tier.count(H0 + 59, BucketSeries.ARRIVALS));
    assertEquals(1, tier.count(H0 + 60, BucketSeries.ARRIVALS));
  }

  @Test
  void lateDataIntoASealedHourUnsealsItAndItIsSealedAgain() {
    SealedSeries tier = new SealedSeries(7 * 24 * 60, 6);
    for (long k = H0; k < H0 + 180; k++) {
      int i = tier.slot(k);
      tier.add(i, BucketSeries.ARRIVALS, 2);
      tier.addInflight(i, 30);
    }
    assertEquals(2, tier.sealedHours());
    int i = tier.slot(H0 + 10); // an invocation that started long before it ended
    tier.add(i, BucketSeries.ERRORS, 1);
    tier.addInflight(i, 15);
    assertEquals(1, tier.sealedHours(), "unsealed for the write");
    assertEquals(1, tier.count(H0 + 10, BucketSeries.ERRORS));
    assertEquals(45, tier.effective(H0 + 10), 0);
    assertEquals(2, tier.count(H0 + 11, BucketSeries.ARRIVALS));
    tier.slot(H0 + 180);
    assertEquals(2, tier.sealedHours(), "sealed again on the next minute");
    assertEquals(1, tier.count(H0 + 10, BucketSeries.ERRORS));
    assertEquals(45, tier.effective(H0 + 10), 0);
    assertEquals(360, tier.sum(BucketSeries.ARRIVALS, H0, H0 + 180));
    assertEquals(180 * 30 + 15, tier.sumEffective(H0, H0 + 180), 0);
  }

  @Test
  void trimDropsExpiredBlocksAndPartOfTheEdgeHour() {
    SealedSeries tier = new SealedSeries(120, 2);
    for (long k = H0; k < H0 + 300; k++) {
      tier.add(tier.slot(k), BucketSeries.COMPLETIONS, 1);
    }
    // retained 120 minutes ending at H0 + 299: minutes H0 + 180 .. H0 + 299
    assertEquals(120, tier.sum(BucketSeries.COMPLETIONS, H0, H0 + 300));
    assertEquals(0, tier.count(H0 + 179, BucketSeries.COMPLETIONS));
    tier.trim(H0 + 330); // idle for half an hour: 31 more minutes expire, the last hour seals
    assertEquals(89, tier.sum(BucketSeries.COMPLETIONS, H0, H0 + 300));
    assertEquals(0, tier.count(H0 + 210, BucketSeries.COMPLETIONS));
    assertEquals(1, tier.count(H0 + 211, BucketSeries.COMPLETIONS));
    assertEquals(0, tier.recentSize(), "an idle function ends up fully sealed");
    assertEquals(2, tier.sealedHours());
    long before = tier.bytes();
    tier.trim(H0 + 299 + 121);
    assertEquals(0, tier.sealedHours());
    assertEquals(Long.MIN_VALUE, tier.newestKey());
    assertTrue(tier.bytes() < before);
  }
}
