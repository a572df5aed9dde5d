package io.prescale.collector.snapshot;

import io.prescale.collector.window.ClassicBuckets;
import io.prescale.collector.window.FunctionStore;
import io.prescale.collector.window.FunctionWindows;
import io.prescale.collector.window.InstanceTracker;
import io.prescale.collector.window.WindowConfig;
import io.prescale.collector.window.WindowTotals;
import io.prescale.collector.window.sealed.BucketSeries;
import io.prescale.collector.window.sealed.HourCodec;
import io.prescale.collector.window.sealed.SealedHours;
import io.prescale.collector.window.sealed.SealedSeries;
import io.prescale.core.FunctionKey;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.HashMap;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * One function's record in a snapshot ({@link WindowsSnapshot}): labels, last touch, totals, both
 * tiers (recent buckets through {@link BucketSeries}' read API, sealed blocks as opaque bytes),
 * the two duration sketches ({@link SketchCodec}) and the instances. {@link #encode} copies
 * the state under the function's lock only; {@link #decode} checks every count against the
 * window configuration before allocating, and builds a new, unshared {@link FunctionWindows}.
 */
final class SnapshotCodec {
  static final int MAX_BLOCK_BYTES = SealedHours.MAX_BLOCK_BYTES; // 65535: lengths are chars
  static final int MAX_INSTANCE_CHARS = 4096;
  static final int MAX_LABELS = 32;
  private static final int M = HourCodec.MINUTES;
  private static final int F = HourCodec.FIELDS;

  private SnapshotCodec() {}

  /**
   * A restored function and what the store keeps beside it; {@code problem} is null, or why the
   * record, read whole, breaks {@link SnapshotRules} and must not be restored.
   */
  record Restored(FunctionWindows windows, Map<String, String> labels, long lastTouchedNanos, String problem) {}

  /** A function whose state breaks {@link SnapshotRules}: it is left out of the snapshot. */
  static final class Unsaveable extends Exception {
    private static final long serialVersionUID = 1L;

    Unsaveable(String message) {
      super(message);
    }
  }

  /**
   * A fingerprint of the sealed-block encoding of this build ({@link HourCodec}): a snapshot
   * written by a build whose blocks differ is refused rather than misread.
   */
  static int blockFingerprint() {
    int[] counts = new int[M * F];
    double[] inflight = new double[M];
    long present = 0;
    for (int m = 0; m < M; m += 3) {
      present |= 1L << m;
      for (int f = 0; f < F; f++) {
        counts[m * F + f] = (m * 7 + f * 13) % 50 + (f == BucketSeries.COMPLETIONS ? 2 : 0);
      }
      inflight[m] = m * 0.37 + 0.001;
    }
    CRC32 crc = new CRC32();
    crc.update(HourCodec.encode(present, 0b1001L << 6, counts, inflight));
    crc.update(HourCodec.encode(1L << 5, 0, new int[M * F], new double[M]));
    int[] sparse = new int[M * F]; // every mode of RiceColumns: a sparse column too
    for (int m = 0; m < M; m++) {
      sparse[m * F + BucketSeries.ARRIVALS] = 3 + m % 4;
      sparse[m * F + BucketSeries.COMPLETIONS] = 3 + m % 4 + (m % 9 == 0 ? 1 : 0);
      sparse[m * F + BucketSeries.ERRORS] = m % 7 == 0 ? 1 + m % 3 : 0;
    }
    crc.update(HourCodec.encode(HourCodec.ALL, 0, sparse, inflight));
    return (int) crc.getValue();
  }

  /**
   * The record of {@code w}, copied under its lock; refused when its state breaks {@link
   * SnapshotRules} (restore would drop it).
   */
  static byte[] encode(FunctionWindows w, Map<String, String> labels, long lastTouchedNanos) throws Unsaveable {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream(512);
    DataOutputStream out = new DataOutputStream(bytes);
    try {
      out.writeUTF(w.function().value());
      int n = Math.min(MAX_LABELS, labels.size());
      out.writeInt(n);
      for (Map.Entry<String, String> e : labels.entrySet()) {
        if (n-- == 0) {
          break;
        }
        out.writeUTF(e.getKey());
        out.writeUTF(e.getValue());
      }
      out.writeLong(lastTouchedNanos);
      synchronized (w) {
        WindowTotals totals = w.totals();
        String problem = SnapshotRules.problem(totals);
        if (problem != null) {
          throw new Unsaveable(problem);
        }
        writeTotals(out, totals);
        out.writeBoolean(w.tiers().hasSamples());
        writeSeries(out, w.tiers().seconds, "seconds");
        writeSeries(out, w.tiers().minutes, "minutes");
        SketchCodec.write(out, w.durationSketch());
        SketchCodec.write(out, w.initDurationSketch());
        writeInstances(out, w.instanceTracker());
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e); // a ByteArrayOutputStream does not fail
    }
    return bytes.toByteArray();
  }

  /** Reads one record; throws {@link SnapshotInput.Corrupt} (or EOF) when it cannot be used. */
  static Restored decode(SnapshotInput in, WindowConfig config) throws IOException {
    FunctionKey key;
    try {
      key = FunctionKey.of(in.string("function key", FunctionKey.MAX_LENGTH));
    } catch (IllegalArgumentException e) {
      throw new SnapshotInput.Corrupt("function key: " + e.getMessage());
    }
    int n = in.count("labels of " + key, 0, MAX_LABELS);
    Map<String, String> labels = new HashMap<>(n * 2);
    for (int i = 0; i < n; i++) {
      labels.put(in.string("label key", FunctionStore.MAX_LABEL_LENGTH),
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
      SketchCodec.read(in, w.durationSketch(), key + " durations");
      SketchCodec.read(in, w.initDurationSketch(), key + " init durations");
      readInstances(in, w.instanceTracker(), config.maxInstances(), key);
    }
    return new Restored(w, labels, lastTouched, problem[0]);
  }

  // ---- totals ----

  private static void writeTotals(DataOutputStream out, WindowTotals t) throws IOException {
    out.writeLong(t.firstSecond());
    out.writeLong(t.lastArrivalNanos());
    out.writeLong(t.newestNanos());
    out.writeLong(t.invocations());
    out.writeLong(t.coldStarts());
    out.writeLong(t.errors());
    out.writeLong(t.timeouts());
    out.writeLong(t.lateDropped());
    long[] classic = t.classic();
    out.writeInt(classic == null ? 0 : classic.length);
    if (classic != null) {
      for (long c : classic) {
        out.writeLong(c);
      }
    }
    out.writeDouble(t.durationSum());
    out.writeLong(t.durationCount());
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
      throw new SnapshotInput.Corrupt("classic buckets of " + key + " = " + n + ", must be 0 or "
          + ClassicBuckets.count());
    }
    long[] classic = n == 0 ? null : new long[n];
    for (int i = 0; i < n; i++) {
      classic[i] = in.readLong();
    }
    double sum = in.readDouble();
    long count = in.readLong();
    return new WindowTotals(firstSecond, lastArrival, newest, invocations, cold, errors, timeouts,
        late, classic, sum, count);
  }

  // ---- tiers ----

  private static void writeSeries(DataOutputStream out, SealedSeries series, String what)
      throws IOException, Unsaveable {
    out.writeLong(series.newestKey());
    BucketSeries recent = series.recentSeries();
    int first = recent.first();
    int size = recent.size();
    out.writeInt(size);
    for (int i = first; i < first + size; i++) {
      out.writeLong(recent.keyAt(i));
      for (int f = 0; f < F; f++) {
        out.writeInt(recent.count(i, f));
      }
      String problem = SnapshotRules.inflightProblem(what, recent.effective(i));
      if (problem != null) {
        throw new Unsaveable(problem);
      }
      out.writeDouble(recent.effective(i));
      out.writeBoolean(recent.sampled(i));
    }
    SealedHours sealed = series.sealedBlocks();
    out.writeInt(sealed.count());
    IOException[] failed = new IOException[1];
    sealed.forEach((block, hour) -> {
      try {
        out.writeLong(hour);
        out.writeInt(block.length);
        out.write(block);
      } catch (IOException e) {
        failed[0] = e;
      }
    });
    if (failed[0] != null) {
      throw failed[0];
    }
  }

  private static void readSeries(SnapshotInput in, SealedSeries series, int retained, String what,
      String[] problem) throws IOException {
    long newest = in.readLong();
    int recentCount = in.count("recent buckets of " + what, 0, retained);
    boolean empty = newest == Long.MIN_VALUE;
    long oldest = empty ? Long.MAX_VALUE : newest - retained + 1;
    BucketSeries recent = series.recentSeries();
    long previous = Long.MIN_VALUE;
    for (int j = 0; j < recentCount; j++) {
      long key = in.readLong();
      if (key <= previous && j > 0) {
        throw new SnapshotInput.Corrupt("bucket keys of " + what + " out of order: " + key + " after " + previous);
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
        throw new SnapshotInput.Corrupt("sealed hours of " + what + " out of order: " + hour + " after " + previousHour);
      }
      previousHour = hour;
      byte[] block = in.bytes("sealed block of " + what, 1, MAX_BLOCK_BYTES);
      try {
        HourCodec.decode(block, check);
      } catch (RuntimeException e) {
        throw new SnapshotInput.Corrupt("sealed block " + hour + " of " + what + " does not decode: " + e);
      }
      if (!empty && hour >= Math.floorDiv(oldest, M) && hour <= Math.floorDiv(newest, M)) {
        series.sealedBlocks().put(hour, block);
      }
    }
    series.restoreNewest(recent.size() == 0 && series.sealedBlocks().isEmpty() ? Long.MIN_VALUE : newest);
  }

  // ---- sketches ----

  // ---- instances ----

  private static void writeInstances(DataOutputStream out, InstanceTracker t) throws IOException {
    int[] n = new int[1];
    t.forEach((id, at) -> {
      if (id.length() <= MAX_INSTANCE_CHARS) {
        n[0]++;
      }
    });
    out.writeInt(n[0]);
    IOException[] failed = new IOException[1];
    t.forEach((id, at) -> {
      if (id.length() <= MAX_INSTANCE_CHARS && failed[0] == null) {
        try {
          out.writeUTF(id);
          out.writeLong(at);
        } catch (IOException e) {
          failed[0] = e;
        }
      }
    });
    if (failed[0] != null) {
      throw failed[0];
    }
  }

  private static void readInstances(SnapshotInput in, InstanceTracker t, int max, FunctionKey key)
      throws IOException {
    int n = in.count("instances of " + key, 0, max);
    for (int i = 0; i < n; i++) {
      t.seen(in.string("instance of " + key, MAX_INSTANCE_CHARS), in.readLong());
    }
  }
}
