package io.prescale.collector.snapshot;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.mapping.IndexMapping;
import com.datadoghq.sketch.ddsketch.store.Store;
import io.prescale.collector.snapshot.SnapshotInput.Corrupt;
import io.prescale.collector.snapshot.proto.DDSketchState;
import io.prescale.collector.snapshot.proto.Sketch;
import io.prescale.collector.window.FunctionWindows;
import io.prescale.collector.window.sketch.RecentSketch;
import java.util.List;

/**
 * A {@link RecentSketch} as a {@link Sketch} message: the current window's start and, per DDSketch
 * that exists, its zero count and the (index, count) bins of its stores. Reading checks every bin
 * index against the index mapping's range, every count, and that the sketch answers quantiles
 * before it is used (as the format-4 reader did).
 */
final class SketchRecords {
  static final double MAX_SKETCH_COUNT = 1e15;

  private SketchRecords() {}

  static Sketch encode(RecentSketch s) {
    Sketch.Builder b = Sketch.newBuilder().setCurrentStart(s.currentStart());
    if (s.current() != null) {
      b.setCurrent(state(s.current()));
    }
    if (s.previous() != null) {
      b.setPrevious(state(s.previous()));
    }
    return b.build();
  }

  private static DDSketchState state(DDSketch d) {
    Store positive = d.getPositiveValueStore();
    Store negative = d.getNegativeValueStore();
    DDSketchState.Builder b =
        DDSketchState.newBuilder()
            .setZeroCount(d.getCount() - positive.getTotalCount() - negative.getTotalCount());
    positive.forEach((index, count) -> b.addPositiveIndexes(index).addPositiveCounts(count));
    negative.forEach((index, count) -> b.addNegativeIndexes(index).addNegativeCounts(count));
    return b.build();
  }

  static void decode(Sketch m, RecentSketch s, String what) throws Corrupt {
    DDSketch current = m.hasCurrent() ? sketch(m.getCurrent(), s, what) : null;
    DDSketch previous = m.hasPrevious() ? sketch(m.getPrevious(), s, what) : null;
    s.restore(current, previous, m.getCurrentStart());
  }

  private static DDSketch sketch(DDSketchState m, RecentSketch s, String what) throws Corrupt {
    DDSketch d = RecentSketch.newSketch(s.accuracy(), s.maxBins());
    IndexMapping mapping = d.getIndexMapping();
    int lo = mapping.index(mapping.minIndexableValue());
    // what ingest can hold: durations in [0; MAX_DURATION_SECONDS], so no negative bin and none
    // above that (a bin near the indexable maximum answers ~1e308 s, infinite in milliseconds)
    int hi = mapping.index(FunctionWindows.MAX_DURATION_SECONDS);
    double zeros = count(m.getZeroCount(), what);
    bins(
        m.getPositiveIndexesList(),
        m.getPositiveCountsList(),
        d.getPositiveValueStore(),
        s.maxBins(),
        lo,
        hi,
        what);
    bins(
        m.getNegativeIndexesList(),
        m.getNegativeCountsList(),
        d.getNegativeValueStore(),
        0,
        lo,
        hi,
        what);
    if (zeros > 0) {
      d.accept(0, zeros);
    }
    if (!d.isEmpty()) {
      try { // what RecentSketch.quantile will do with it
        DDSketch merged = d.copy();
        merged.mergeWith(d);
        merged.getValueAtQuantile(0);
        merged.getValueAtQuantile(0.5);
        merged.getValueAtQuantile(1);
      } catch (RuntimeException e) {
        throw new Corrupt("sketch of " + what + " cannot answer quantiles: " + e);
      }
    }
    return d;
  }

  private static void bins(
      List<Integer> indexes,
      List<Double> counts,
      Store store,
      int maxBins,
      int lo,
      int hi,
      String what)
      throws Corrupt {
    FunctionRecords.count("sketch bins of " + what, indexes.size(), maxBins);
    if (counts.size() != indexes.size()) {
      throw new Corrupt(
          "sketch bins of "
              + what
              + ": "
              + indexes.size()
              + " indexes, "
              + counts.size()
              + " counts");
    }
    for (int i = 0; i < indexes.size(); i++) {
      int index = indexes.get(i);
      if (index < lo || index > hi) {
        throw new Corrupt(
            "sketch bin index of "
                + what
                + " = "
                + index
                + ", must be in ["
                + lo
                + "; "
                + hi
                + "]");
      }
      double count = count(counts.get(i), what);
      if (count > 0) {
        store.add(index, count);
      }
    }
  }

  /** A bin count: whole counts of values, far below where doubles stop counting exactly. */
  private static double count(double c, String what) throws Corrupt {
    if (!Double.isFinite(c)) {
      throw new Corrupt("sketch count of " + what + " = " + c + ", must be finite");
    }
    if (c < 0 || c > MAX_SKETCH_COUNT) {
      throw new Corrupt("sketch count of " + what + " = " + c + ", must be in [0; 1e15]");
    }
    return c;
  }
}
