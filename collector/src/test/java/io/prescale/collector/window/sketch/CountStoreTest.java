package io.prescale.collector.window.sketch;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.store.Bin;
import com.datadoghq.sketch.ddsketch.store.CollapsingLowestDenseStore;
import com.datadoghq.sketch.ddsketch.store.Store;
import java.util.ArrayList;
import java.util.Iterator;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

/**
 * {@link CountStore} against the library's {@link CollapsingLowestDenseStore}: same bins, always.
 */
public class CountStoreTest {
  public static final double[] QUANTILES = {
    0, 0.001, 0.01, 0.1, 0.25, 0.5, 0.75, 0.9, 0.95, 0.99, 0.999, 1
  };

  @Test
  void randomOperationsKeepTheLibrarysBins() {
    for (int seed = 0; seed < 300; seed++) {
      Random rnd = new Random(seed);
      int maxBins = new int[] {1, 2, 5, 16, 64, 512}[rnd.nextInt(6)];
      Store lib = new CollapsingLowestDenseStore(maxBins);
      Store ours = new CountStore(maxBins);
      for (int op = 0; op < 400; op++) {
        int kind = rnd.nextInt(100);
        if (kind < 70) {
          int index = index(rnd);
          double count = count(rnd);
          if (count == 1 && rnd.nextBoolean()) {
            lib.add(index);
            ours.add(index);
          } else {
            lib.add(index, count);
            ours.add(index, count);
          }
        } else if (kind < 85) { // merge a store built the same way into both
          Store[] other = pair(rnd, maxBins);
          lib.mergeWith(other[0]);
          ours.mergeWith(other[1]);
        } else if (kind < 92) { // merge into a copy, continue with the copy
          Store[] other = pair(rnd, maxBins);
          Store libCopy = lib.copy();
          Store ourCopy = ours.copy();
          other[0].mergeWith(libCopy);
          other[1].mergeWith(ourCopy);
          assertSame(other[0], other[1], "seed " + seed + " op " + op + " (merge into other)");
          assertSame(libCopy, ourCopy, "seed " + seed + " op " + op + " (copy)");
          lib = other[0];
          ours = other[1];
        } else if (kind < 96) {
          lib.clear();
          ours.clear();
        } else {
          ours.mergeWith(new CountStore(maxBins)); // empty merges change nothing
          lib.mergeWith(new CollapsingLowestDenseStore(maxBins));
        }
        assertSame(lib, ours, "seed " + seed + " op " + op);
      }
    }
  }

  @Test
  void countsOutgrowingEachWidthStayExact() {
    Store lib = new CollapsingLowestDenseStore(32);
    CountStore ours = new CountStore(32);
    double[] steps = {1, 254, 1, 1, 65_000, 600, 2_147_000_000d, 1_000_000, 5e12, 0.5, 3};
    long bytesBefore = -1;
    for (double c : steps) {
      lib.add(7, c);
      ours.add(7, c);
      lib.add(9);
      ours.add(9);
      assertSame(lib, ours, "after adding " + c);
      assertTrue(
          ours.bytes() >= bytesBefore, "widths only grow: " + ours.bytes() + " < " + bytesBefore);
      bytesBefore = ours.bytes();
    }
    assertEquals(lib.getTotalCount(), ours.getTotalCount());
    assertEquals(
        steps.length, bins(ours).size() == 2 ? steps.length : -1, "two bins: " + bins(ours));
  }

  @Test
  void nonZeroBinsCostThreeBytesEach() {
    CountStore ours = new CountStore(512);
    Random rnd = new Random(9);
    for (int i = 0; i < 90; i++) {
      ours.add(rnd.nextInt(512) * 5 % 512); // ~80 distinct bins over a 512-bin range
    }
    int bins = 0;
    for (Iterator<Bin> it = ours.getAscendingIterator(); it.hasNext(); it.next()) {
      bins++;
    }
    assertTrue(
        ours.bytes() <= 48 + 32 + 3 * (bins + Math.max(4, bins / 4)) + 16,
        "bytes " + ours.bytes() + " for " + bins);
    assertTrue(
        ours.bytes() < 400, "a library store of this range holds 512 doubles: " + ours.bytes());
  }

  @Test
  void negativeCountsAreRefusedWithTheValue() {
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> new CountStore(8).add(1, -2.0));
    assertTrue(e.getMessage().contains("-2.0"), e.getMessage());
  }

  @Test
  void sketchesAnswerTheSameQuantilesAsTheLibrarysOnDurations() {
    for (int seed = 0; seed < 40; seed++) {
      Random rnd = new Random(seed);
      int maxBins = new int[] {16, 128, 512}[seed % 3];
      DDSketch lib = DDSketch.fastCollapsingLowest(0.01, maxBins);
      DDSketch ours = RecentSketch.newSketch(0.01, maxBins);
      DDSketch libPrev = DDSketch.fastCollapsingLowest(0.01, maxBins);
      DDSketch ourPrev = RecentSketch.newSketch(0.01, maxBins);
      int n = 1 + rnd.nextInt(5000);
      for (int i = 0; i < n; i++) {
        double v = value(rnd);
        DDSketch a = rnd.nextBoolean() ? lib : libPrev;
        DDSketch b = a == lib ? ours : ourPrev;
        if (rnd.nextInt(10) == 0) {
          long c = 1 + rnd.nextInt(400);
          a.accept(v, c);
          b.accept(v, c);
        } else {
          a.accept(v);
          b.accept(v);
        }
      }
      assertSameQuantiles(lib, ours, "seed " + seed);
      DDSketch libMerged = lib.copy();
      libMerged.mergeWith(libPrev);
      DDSketch ourMerged = ours.copy();
      ourMerged.mergeWith(ourPrev);
      assertSameQuantiles(libMerged, ourMerged, "seed " + seed + " merged");
      assertSame(
          libMerged.getPositiveValueStore(), ourMerged.getPositiveValueStore(), "seed " + seed);
      lib.clear();
      ours.clear();
      lib.accept(0.25);
      ours.accept(0.25);
      assertSameQuantiles(lib, ours, "seed " + seed + " after clear");
    }
  }

  public static double value(Random rnd) {
    return switch (rnd.nextInt(4)) {
      case 0 -> -Math.log(1 - rnd.nextDouble()) * 0.2; // exponential durations
      case 1 -> Math.exp(rnd.nextGaussian() * 6); // 1e-8 .. 1e8: collapses
      case 2 -> rnd.nextInt(5) == 0 ? 0 : 1e-9 * (1 + rnd.nextInt(3));
      default -> 30 + rnd.nextInt(100);
    };
  }

  private static Store[] pair(Random rnd, int maxBins) {
    Store a = new CollapsingLowestDenseStore(maxBins);
    Store b = new CountStore(maxBins);
    for (int i = rnd.nextInt(40); i > 0; i--) {
      int index = index(rnd);
      double count = count(rnd);
      a.add(index, count);
      b.add(index, count);
    }
    return new Store[] {a, b};
  }

  private static int index(Random rnd) {
    return switch (rnd.nextInt(4)) {
      case 0 -> rnd.nextInt(20) - 10;
      case 1 -> rnd.nextInt(2000) - 1000;
      case 2 -> rnd.nextInt(100_000) - 50_000;
      default -> 500 + rnd.nextInt(600);
    };
  }

  private static double count(Random rnd) {
    return switch (rnd.nextInt(8)) {
      case 0 -> 0;
      case 1 -> 200 + rnd.nextInt(100);
      case 2 -> 60_000 + rnd.nextInt(10_000);
      case 3 -> (1L << 31) + rnd.nextInt(1000);
      default -> 1;
    };
  }

  public static void assertSame(Store lib, Store ours, String what) {
    assertEquals(lib.isEmpty(), ours.isEmpty(), what + ": isEmpty");
    assertEquals(bins(lib), bins(ours), what + ": bins");
    assertEquals(lib.getTotalCount(), ours.getTotalCount(), what + ": total");
    if (!lib.isEmpty()) {
      assertEquals(lib.getMinIndex(), ours.getMinIndex(), what + ": min index");
      assertEquals(lib.getMaxIndex(), ours.getMaxIndex(), what + ": max index");
    }
    assertEquals(
        nonZero(lib.getAscendingIterator()),
        nonZero(ours.getAscendingIterator()),
        what + ": ascending");
    assertEquals(
        nonZero(lib.getDescendingIterator()),
        nonZero(ours.getDescendingIterator()),
        what + ": descending");
  }

  private static void assertSameQuantiles(DDSketch lib, DDSketch ours, String what) {
    assertEquals(lib.getCount(), ours.getCount(), what + ": count");
    assertEquals(lib.isEmpty(), ours.isEmpty(), what + ": isEmpty");
    if (lib.isEmpty()) {
      return;
    }
    for (double q : QUANTILES) {
      assertEquals(lib.getValueAtQuantile(q), ours.getValueAtQuantile(q), what + ": q" + q);
    }
    assertEquals(lib.getSum(), ours.getSum(), what + ": sum");
  }

  private static List<String> bins(Store s) {
    List<String> out = new ArrayList<>();
    s.forEach((index, count) -> out.add(index + ":" + count));
    return out;
  }

  private static List<String> nonZero(Iterator<Bin> it) {
    List<String> out = new ArrayList<>();
    while (it.hasNext()) {
      Bin b = it.next();
      if (b.getCount() != 0) {
        out.add(b.getIndex() + ":" + b.getCount());
      }
    }
    return out;
  }
}
