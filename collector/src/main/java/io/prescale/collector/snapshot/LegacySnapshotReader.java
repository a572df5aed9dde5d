package io.prescale.collector.snapshot;

import com.datadoghq.sketch.ddsketch.DDSketch;
import com.datadoghq.sketch.ddsketch.mapping.IndexMapping;
import com.datadoghq.sketch.ddsketch.store.Store;
import io.prescale.collector.snapshot.FunctionRecords.Restored;
import io.prescale.collector.window.ClassicBuckets;
import io.prescale.collector.window.FunctionStore;
import io.prescale.collector.window.FunctionWindows;
import io.prescale.collector.window.InstanceTracker;
import io.prescale.collector.window.WindowConfig;
import io.prescale.collector.window.WindowTotals;
import io.prescale.collector.window.sealed.BucketSeries;
import io.prescale.collector.window.sealed.HourCodec;
import io.prescale.collector.window.sealed.SealedSeries;
import io.prescale.collector.window.sketch.RecentSketch;
import io.prescale.core.FunctionKey;
import java.io.DataInputStream;
import java.io.EOFException;
import java.io.IOException;
import java.io.InputStream;
import java.io.OutputStream;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Reads the body of a format-4 snapshot (hand-coded, big-endian), read-only: what main wrote before
 * the protobuf body ({@code snapshot.proto}, format 5), so a snapshot taken before an upgrade still
 * restores once. Body: the write time, the sealed-block fingerprint, the window configuration, one
 * record per function (each preceded by a 1 byte, the last followed by a 0 byte), then the
 * ingest-state section (length and bytes). A record: key, labels, last touch, totals, has-samples
 * flag, the seconds and minutes tiers (recent buckets, sealed blocks), the two duration sketches,
 * the instances. Every count is checked against its bound before allocating ({@link
 * SnapshotInput}). Nothing writes this format any more.
 */
final class LegacySnapshotReader {
  /** The format version this class reads. */
  static final int VERSION = 4;

  private static final int M = HourCodec.MINUTES;
  private static final int F = HourCodec.FIELDS;

  private LegacySnapshotReader() {}

  /**
   * Reads the whole body into {@code into} and returns its write time and what applies the ingest
   * state.
   */
  static long read(
      InputStream body,
      FunctionStore store,
      List<Restored> into,
      SnapshotExtension extension,
      Runnable[] apply)
      throws IOException {
    SnapshotInput in = new SnapshotInput(body);
    long writtenAt = readBody(in, store, into);
    apply[0] = readExtension(in, body, extension);
    if (!in.atEnd()) {
      throw new SnapshotInput.Corrupt("bytes after the ingest state");
    }
    return writtenAt;
  }

  private static long readBody(SnapshotInput in, FunctionStore store, List<Restored> into)
      throws IOException {
    long writtenAt = in.readLong();
    int fingerprint = in.readInt();
    if (fingerprint != FunctionRecords.blockFingerprint()) {
      throw new SnapshotInput.Corrupt(
          "written by a build with another sealed-block encoding (fingerprint "
              + Integer.toHexString(fingerprint)
              + ", this build "
              + Integer.toHexString(FunctionRecords.blockFingerprint())
              + ")");
    }
    WindowConfig config = store.windowConfig();
    String settings = readConfig(in);
    if (!settings.equals(WindowsSnapshot.describe(config))) {
      throw new SnapshotInput.Corrupt(
          "written with other window settings ("
              + settings
              + "; now "
              + WindowsSnapshot.describe(config)
              + ")");
    }
    int max = store.config().maxFunctions();
    for (int n = 0; ; n++) {
      int marker = in.readUnsignedByte();
      if (marker == 0) {
        break;
      }
      if (marker != 1 || n >= max) {
        throw new SnapshotInput.Corrupt(
            marker != 1
                ? "record marker = " + marker + " after " + n + " functions, must be 0 or 1"
                : "more than " + max + " functions (the store's bound)");
      }
      try {
        into.add(decode(in, config));
      } catch (SnapshotInput.Corrupt e) {
        throw new SnapshotInput.Corrupt("function #" + (n + 1) + ": " + e.getMessage(), e);
      }
    }
    return writtenAt;
  }

  /** The section after the functions: read through a stream bounded to its declared length. */
  private static Runnable readExtension(
      SnapshotInput in, InputStream body, SnapshotExtension extension) throws IOException {
    int length = in.count("ingest state length", 0, SnapshotExtension.MAX_BYTES);
    SnapshotStreams.Bounded section = new SnapshotStreams.Bounded(body, length);
    if (extension == null) {
      if (section.transferTo(OutputStream.nullOutputStream()) != length) {
        throw new EOFException();
      }
      return null;
    }
    Runnable apply;
    try {
      apply = extension.readFormat4(new DataInputStream(section));
    } catch (EOFException e) {
      throw e;
    } catch (IOException | RuntimeException e) {
      throw new SnapshotInput.Corrupt("ingest state: " + e.getMessage(), e);
    }
    if (section.read() >= 0) {
      throw new SnapshotInput.Corrupt(
          "ingest state: bytes after its end (declared " + length + " bytes)");
    }
    return apply;
  }

  private static String readConfig(SnapshotInput in) throws IOException {
    return "retainedSeconds="
        + in.readInt()
        + ", retainedMinutes="
        + in.readInt()
        + ", latenessNanos="
        + in.readLong()
        + ", histogramWindowNanos="
        + in.readLong()
        + ", relativeAccuracy="
        + in.readDouble()
        + ", maxSketchBins="
        + in.readInt()
        + ", instanceWindowNanos="
        + in.readLong()
        + ", maxInstances="
        + in.readInt();
  }

  // ---- one function ----

  /** Reads one record; throws {@link SnapshotInput.Corrupt} (or EOF) when it cannot be used. */
  private static Restored decode(SnapshotInput in, WindowConfig config) throws IOException {
    FunctionKey key;
    try {
      key = FunctionKey.of(in.string("function key", FunctionKey.MAX_LENGTH));
    } catch (IllegalArgumentException e) {
      throw new SnapshotInput.Corrupt("function key: " + e.getMessage());
    }
    int n = in.count("labels of " + key, 0, FunctionRecords.MAX_LABELS);
    Map<String, String> labels = new HashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      labels.put(
          in.string("label key", FunctionStore.MAX_LABEL_LENGTH),
          in.string("label value", FunctionStore.MAX_LABEL_LENGTH));
    }
    long lastTouched = in.readLong();
    FunctionWindows w = new FunctionWindows(key, config);
    String[] problem = new String[1];
    synchronized (w) {
      WindowTotals totals = readTotals(in, key);
      problem[0] = SnapshotRules.problem(totals);
      w.restoreTotals(totals);
      w.tiers().restoreHasSamples(in.readBoolean());
      readSeries(in, w.tiers().seconds, config.retainedSeconds(), key + " seconds", problem);
      readSeries(in, w.tiers().minutes, config.retainedMinutes(), key + " minutes", problem);
      readSketch(in, w.durationSketch(), key + " durations");
      readSketch(in, w.initDurationSketch(), key + " init durations");
      readInstances(in, w.instanceTracker(), config.maxInstances(), key);
    }
    return new Restored(w, labels, lastTouched, problem[0]);
  }

  private static WindowTotals readTotals(SnapshotInput in, FunctionKey key) throws IOException {
    long firstSecond = in.readLong();
    long lastArrival = in.readLong();
    long newest = in.readLong();
    // values are read whole and judged by SnapshotRules (a bad one drops this function only)
    long invocations = in.readLong();
    long cold = in.readLong();
    long errors = in.readLong();
    long timeouts = in.readLong();
    long late = in.readLong();
    int n = in.readInt();
    if (n != 0 && n != ClassicBuckets.count()) {
      throw new SnapshotInput.Corrupt(
          "classic buckets of " + key + " = " + n + ", must be 0 or " + ClassicBuckets.count());
    }
    long[] classic = n == 0 ? null : new long[n];
    for (int i = 0; i < n; i++) {
      classic[i] = in.readLong();
    }
    double sum = in.readDouble();
    long count = in.readLong();
    return new WindowTotals(
        firstSecond,
        lastArrival,
        newest,
        invocations,
        cold,
        errors,
        timeouts,
        late,
        classic,
        sum,
        count);
  }

  private static void readSeries(
      SnapshotInput in, SealedSeries series, int retained, String what, String[] problem)
      throws IOException {
    long newest = in.readLong();
    int recentCount = in.count("recent buckets of " + what, 0, retained);
    boolean empty = newest == Long.MIN_VALUE;
    long oldest = empty ? Long.MAX_VALUE : newest - retained + 1;
    BucketSeries recent = series.recentSeries();
    long previous = Long.MIN_VALUE;
    for (int j = 0; j < recentCount; j++) {
      long key = in.readLong();
      if (key <= previous && j > 0) {
        throw new SnapshotInput.Corrupt(
            "bucket keys of " + what + " out of order: " + key + " after " + previous);
      }
      previous = key;
      int[] counts = new int[F];
      for (int f = 0; f < F; f++) {
        counts[f] = in.count("bucket count of " + what, 0, Integer.MAX_VALUE);
      }
      double inflight = in.readDouble();
      boolean sampled = in.readBoolean();
      String bad = SnapshotRules.inflightProblem(what, inflight);
      if (bad != null) {
        problem[0] = problem[0] == null ? bad : problem[0];
        continue; // the record is dropped; its bytes are read to the end
      }
      if (empty || key < oldest || key > newest) {
        continue; // outside retention: it would answer zero anyway
      }
      int i = recent.slot(key);
      if (i < 0) {
        continue;
      }
      for (int f = 0; f < F; f++) {
        recent.add(i, f, counts[f]);
      }
      if (sampled) {
        recent.sample(i, inflight);
      } else {
        recent.addInflight(i, inflight);
      }
    }
    int sealedCount = in.count("sealed blocks of " + what, 0, retained / M + 2);
    HourCodec.Decoded check = new HourCodec.Decoded();
    long previousHour = Long.MIN_VALUE;
    for (int j = 0; j < sealedCount; j++) {
      long hour = in.readLong();
      if (hour <= previousHour && j > 0) {
        throw new SnapshotInput.Corrupt(
            "sealed hours of " + what + " out of order: " + hour + " after " + previousHour);
      }
      previousHour = hour;
      byte[] block = in.bytes("sealed block of " + what, 1, FunctionRecords.MAX_BLOCK_BYTES);
      try {
        HourCodec.decode(block, check);
      } catch (RuntimeException e) {
        throw new SnapshotInput.Corrupt(
            "sealed block " + hour + " of " + what + " does not decode: " + e);
      }
      if (!empty && hour >= Math.floorDiv(oldest, M) && hour <= Math.floorDiv(newest, M)) {
        series.sealedBlocks().put(hour, block);
      }
    }
    series.restoreNewest(
        recent.size() == 0 && series.sealedBlocks().isEmpty() ? Long.MIN_VALUE : newest);
  }

  // ---- sketches ----

  private static void readSketch(SnapshotInput in, RecentSketch s, String what) throws IOException {
    int flags = in.readUnsignedByte();
    if (flags > 3) {
      throw new SnapshotInput.Corrupt(
          "sketch flags of " + what + " = " + flags + ", must be in [0; 3]");
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

  private static void readBins(
      SnapshotInput in, Store store, int maxBins, int lo, int hi, String what) throws IOException {
    int n = in.count("sketch bins of " + what, 0, maxBins);
    for (int i = 0; i < n; i++) {
      int index = in.readInt();
      if (index < lo || index > hi) {
        throw new SnapshotInput.Corrupt(
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
      double count = count(in, what);
      if (count > 0) {
        store.add(index, count);
      }
    }
  }

  /** A bin count: whole counts of values, far below where doubles stop counting exactly. */
  private static double count(SnapshotInput in, String what) throws IOException {
    double c = in.finite("sketch count of " + what);
    if (c < 0 || c > SketchRecords.MAX_SKETCH_COUNT) {
      throw new SnapshotInput.Corrupt(
          "sketch count of " + what + " = " + c + ", must be in [0; 1e15]");
    }
    return c;
  }

  // ---- instances ----

  private static void readInstances(SnapshotInput in, InstanceTracker t, int max, FunctionKey key)
      throws IOException {
    int n = in.count("instances of " + key, 0, max);
    for (int i = 0; i < n; i++) {
      t.seen(in.string("instance of " + key, FunctionRecords.MAX_INSTANCE_CHARS), in.readLong());
    }
  }
}
