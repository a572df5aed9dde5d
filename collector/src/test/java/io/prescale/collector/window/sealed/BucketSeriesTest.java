package io.prescale.collector.window.sealed;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** BucketSeries against a TreeMap reference over random appends, late inserts, gaps and trims. */
class BucketSeriesTest {
  @Test
  void countsWidenPastAByteAndNarrowBackExactly() {
    BucketSeries series = new BucketSeries(600);
    TreeMap<Long, long[]> ref = new TreeMap<>();
    Random rnd = new Random(7);
    long newest = 1_800_000_000L;
    long narrowBytes = 0;
    for (int op = 0; op < 4_000; op++) {
      long key = op < 3_000 && rnd.nextInt(10) > 0 ? newest - rnd.nextInt(5) : ++newest;
      int i = series.slot(key);
      int field = rnd.nextInt(4);
      long delta = op >= 2_800 && op < 2_900 ? 200 + rnd.nextInt(100_000) : rnd.nextInt(3);
      series.add(i, field, delta);
      ref.computeIfAbsent(key, k -> new long[4])[field] += delta;
      if (op == 2_799) {
        narrowBytes = series.bytes();
      }
    }
    series.trim(newest); // still wide counts in the window: stays wide
    assertEquals(
        true, series.bytes() > narrowBytes, "wide " + series.bytes() + " narrow " + narrowBytes);
    ref.headMap(newest - 600, true).clear(); // expired
    assertEquals(ref.size(), series.size());
    for (Map.Entry<Long, long[]> e : ref.entrySet()) {
      for (int f = 0; f < 4; f++) {
        assertEquals(
            e.getValue()[f], series.count(e.getKey(), f), "key " + e.getKey() + " field " + f);
      }
    }
    newest += 600; // every big count expires
    for (int k = 0; k < 200; k++) {
      series.add(series.slot(newest + k), BucketSeries.ARRIVALS, 3);
    }
    series.trim(newest + 199);
    assertEquals(200 * 3, series.sum(BucketSeries.ARRIVALS, newest, newest + 200));
    assertEquals(
        16 * 4 + (200 + 25) * 14,
        series.bytes(),
        "bytes again: 14 a bucket (char key), an eighth spare");
  }

  @Test
  void matchesAReferenceMapUnderRandomWrites() {
    for (long seed = 1; seed <= 24; seed++) {
      Random rnd = new Random(seed);
      int retained =
          seed > 16
              ? 65_000 + rnd.nextInt(2_000)
              : 50 + rnd.nextInt(200); // char keys, then int keys
      BucketSeries series = new BucketSeries(retained);
      TreeMap<Long, Integer> ref = new TreeMap<>();
      long newest = 1_800_000_000L + rnd.nextInt(1000);
      for (int op = 0; op < 5_000; op++) {
        long key;
        int r = rnd.nextInt(100);
        if (r < 60) {
          key = newest + rnd.nextInt(3); // mostly forward
        } else if (r < 95) {
          key = newest - rnd.nextInt(retained + 20); // late, some beyond retention
        } else if (r < 98) {
          key = newest + retained + rnd.nextInt(5 * retained); // a gap that expires much
        } else {
          key = newest + (1L << 33); // far beyond int range: rebase
        }
        int i = series.slot(key);
        boolean expectedAccepted = op == 0 || key > newest - retained;
        assertEquals(expectedAccepted, i >= 0, "seed " + seed + " op " + op + " key " + key);
        if (i >= 0) {
          series.add(i, BucketSeries.ARRIVALS, 1);
          series.addInflight(i, 0.5);
          ref.merge(key, 1, Integer::sum);
          newest = op == 0 ? key : Math.max(newest, key);
        }
        ref.headMap(newest - retained, true).clear();
        if (op % 500 == 0) {
          series.trim(newest);
        }
        long probe = newest - rnd.nextInt(retained + 5);
        assertEquals(
            (long) ref.getOrDefault(probe, 0),
            series.count(probe, BucketSeries.ARRIVALS),
            "seed " + seed + " probe " + probe);
      }
      long from = newest - retained + 1;
      long sum = 0;
      for (Map.Entry<Long, Integer> e : ref.entrySet()) {
        sum += e.getValue();
      }
      assertEquals(sum, series.sum(BucketSeries.ARRIVALS, from, newest + 1), "seed " + seed);
      assertEquals(sum * 0.5, series.sumEffective(from, newest + 1), 1e-6);
      assertEquals(ref.size(), series.size());
      assertEquals(newest, series.newestKey());
    }
  }

  @Test
  void samplesReplaceTheReconstructionOfTheirBucket() {
    BucketSeries series = new BucketSeries(100);
    int i = series.slot(10);
    series.addInflight(i, 0.25);
    assertEquals(0.25, series.effective(10L), 0);
    assertEquals(0.25, series.sample(i, 3.0), 0);
    series.addInflight(series.slot(10), 0.5);
    assertEquals(3.0, series.effective(10L), 0);
    series.slot(5); // insert before: shifts the sampled bucket
    assertEquals(3.0, series.effective(10L), 0);
    assertEquals(0, series.effective(5L), 0);
  }
}
