package io.prescale.collector.snapshot;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.mapping.IndexMapping;
import com.datadoghq.sketch.ddsketch.store.Store;
import io.prescale.collector.window.FunctionWindows;
import io.prescale.collector.window.sketch.RecentSketch;
import java.io.DataOutputStream;
import java.io.IOException;

/**
 * A {@link RecentSketch} in a snapshot: which of its two DDSketches exist, the current window's
 * start, and per sketch the zero count and the (index, count) bins of its stores. Reading checks
 * every bin index against the index mapping's range, every count, and that the sketch answers
 * quantiles before it is used.
 */
final class SketchCodec {
  static final double MAX_SKETCH_COUNT = 1e15;

  private SketchCodec() {}

  static void write(DataOutputStream out, RecentSketch s) throws IOException {
    DDSketch current = s.current();
    DDSketch previous = s.previous();
    out.writeByte((current != null ? 1 : 0) | (previous != null ? 2 : 0));
    out.writeLong(s.currentStart());
    for (DDSketch d : new DDSketch[] {current, previous}) {
      if (d != null) {
        Store positive = d.getPositiveValueStore();
        Store negative = d.getNegativeValueStore();
        out.writeDouble(d.getCount() - positive.getTotalCount() - negative.getTotalCount()); // zero count
        writeBins(out, positive);
        writeBins(out, negative);
      }
    }
  }

  /** A store's bins: count, then (index, count) pairs in ascending index order. */
  private static void writeBins(DataOutputStream out, Store store) throws IOException {
    int[] n = new int[1];
    store.forEach((index, count) -> n[0]++);
    out.writeInt(n[0]);
    IOException[] failed = new IOException[1];
    store.forEach((index, count) -> {
      try {
        out.writeInt(index);
        out.writeDouble(count);
      } catch (IOException e) {
        failed[0] = e;
      }
    });
    if (failed[0] != null) {
      throw failed[0];
    }
  }

  static void read(SnapshotInput in, RecentSketch s, String what) throws IOException {
    int flags = in.readUnsignedByte();
    if (flags > 3) {
      throw new SnapshotInput.Corrupt("sketch flags of " + what + " = " + flags + ", must be in [0; 3]");
    }
    long currentStart = in.readLong();
    DDSketch current = (flags & 1) != 0 ? sketch(in, s, what) : null;
    DDSketch previous = (flags & 2) != 0 ? sketch(in, s, what) : null;
    s.restore(current, previous, currentStart);
  }

  private static DDSketch sketch(SnapshotInput in, RecentSketch s, String what) throws IOException {
    DDSketch d = RecentSketch.newSketch(s.accuracy(), s.maxBins());
    IndexMapping mapping = d.getIndexMapping();
    int lo = mapping.index(mapping.minIndexableValue());
    // what ingest can hold: durations in [0; MAX_DURATION_SECONDS], so no negative bin and none
    // above that (a bin near the indexable maximum answers ~1e308 s, infinite in milliseconds)
    int hi = mapping.index(FunctionWindows.MAX_DURATION_SECONDS);
    double zeros = count(in, what);
    readBins(in, d.getPositiveValueStore(), s.maxBins(), lo, hi, what);
    readBins(in, d.getNegativeValueStore(), 0, lo, hi, what);
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
        throw new SnapshotInput.Corrupt("sketch of " + what + " cannot answer quantiles: " + e);
      }
    }
    return d;
  }

  private static void readBins(SnapshotInput in, Store store, int maxBins, int lo, int hi, String what)
      throws IOException {
    int n = in.count("sketch bins of " + what, 0, maxBins);
    for (int i = 0; i < n; i++) {
      int index = in.readInt();
      if (index < lo || index > hi) {
        throw new SnapshotInput.Corrupt("sketch bin index of " + what + " = " + index + ", must be in ["
            + lo + "; " + hi + "]");
      }
      double count = count(in, what);
      if (count > 0) {
        store.add(index, count);
      }
    }
  }

  /** A bin count: whole counts of values, far below where doubles stop counting exactly. */
  private static double count(SnapshotInput in, String what) throws IOException {
    double c = in.finite("sketch count of " + what);
    if (c < 0 || c > MAX_SKETCH_COUNT) {
      throw new SnapshotInput.Corrupt("sketch count of " + what + " = " + c + ", must be in [0; 1e15]");
    }
    return c;
  }
}
