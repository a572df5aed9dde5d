package io.prescale.collector.window;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Map;
import java.util.Random;
import java.util.TreeMap;
import org.junit.jupiter.api.Test;

/** BucketSeries against a TreeMap reference over random appends, late inserts, gaps and trims. */
class BucketSeriesTest {
  @Test
  void matchesAReferenceMapUnderRandomWrites() {
    for (long seed = 1; seed <= 20; seed++) {
      Random rnd = new Random(seed);
      int retained = 50 + rnd.nextInt(200);
      BucketSeries series = new BucketSeries(retained);
      TreeMap<Long, Integer> ref = new TreeMap<>();
      long newest = 1_800_000_000L + rnd.nextInt(1000);
      for (int op = 0; op < 5_000; op++) {
        long key;
        int r = rnd.nextInt(100);
        if (r < 60) {
          key = newest + rnd.nextInt(3);                  // mostly forward
        } else if (r < 95) {
          key = newest - rnd.nextInt(retained + 20);      // late, some beyond retention
        } else if (r < 98) {
          key = newest + retained + rnd.nextInt(5 * retained); // a gap that expires much
        } else {
          key = newest + (1L << 33);                      // far beyond int range: rebase
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
        assertEquals((long) ref.getOrDefault(probe, 0), series.count(probe, BucketSeries.ARRIVALS),
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
