package io.prescale.collector.snapshot;

import com.google.protobuf.ByteString;
import io.prescale.collector.snapshot.SnapshotInput.Corrupt;
import io.prescale.collector.snapshot.proto.Bucket;
import io.prescale.collector.snapshot.proto.FunctionRecord;
import io.prescale.collector.snapshot.proto.Instance;
import io.prescale.collector.snapshot.proto.SealedBlock;
import io.prescale.collector.snapshot.proto.Series;
import io.prescale.collector.snapshot.proto.Totals;
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
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.zip.CRC32;

/**
 * One function's {@link FunctionRecord} in a snapshot ({@code snapshot.proto}): labels, last touch,
 * totals, both tiers (recent buckets through {@link BucketSeries}' read API, sealed blocks as
 * opaque bytes), the two duration sketches ({@link SketchRecords}) and the instances. {@link
 * #encode} copies the state under the function's lock only; {@link #decode} checks every count
 * against the window configuration before allocating, and builds a new, unshared {@link
 * FunctionWindows}. The checks and their messages are those of the format-4 reader ({@link
 * LegacySnapshotReader}).
 */
final class FunctionRecords {
  static final int MAX_BLOCK_BYTES = SealedHours.MAX_BLOCK_BYTES; // 65535
  static final int MAX_INSTANCE_CHARS = 4096;
  static final int MAX_LABELS = 32;
  private static final int M = HourCodec.MINUTES;
  private static final int F = HourCodec.FIELDS;

  private FunctionRecords() {}

  /**
   * A restored function and what the store keeps beside it; {@code problem} is null, or why the
   * record, read whole, breaks {@link SnapshotRules} and must not be restored.
   */
  record Restored(
      FunctionWindows windows, Map<String, String> labels, long lastTouchedNanos, String problem) {}

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
    int[] sparse = new int[M * F]; // every mode of the Rice-coded columns: a sparse column too
    for (int m = 0; m < M; m++) {
      sparse[m * F + BucketSeries.ARRIVALS] = 3 + m % 4;
      sparse[m * F + BucketSeries.COMPLETIONS] = 3 + m % 4 + (m % 9 == 0 ? 1 : 0);
      sparse[m * F + BucketSeries.ERRORS] = m % 7 == 0 ? 1 + m % 3 : 0;
    }
    crc.update(HourCodec.encode(HourCodec.ALL, 0, sparse, inflight));
    return (int) crc.getValue();
  }

  // ---- writing ----

  /**
   * The record of {@code w}, copied under its lock; refused when its state breaks {@link
   * SnapshotRules} (restore would drop it). At most {@link #MAX_LABELS} labels are kept.
   */
  static FunctionRecord encode(FunctionWindows w, Map<String, String> labels, long lastTouchedNanos)
      throws Unsaveable {
    FunctionRecord.Builder r = FunctionRecord.newBuilder().setKey(w.function().value());
    int n = Math.min(MAX_LABELS, labels.size());
    for (Map.Entry<String, String> e : labels.entrySet()) {
      if (n-- == 0) {
        break;
      }
      r.putLabels(e.getKey(), e.getValue());
    }
    r.setLastTouchedNanos(lastTouchedNanos);
    synchronized (w) {
      WindowTotals totals = w.totals();
      String problem = SnapshotRules.problem(totals);
      if (problem != null) {
        throw new Unsaveable(problem);
      }
      r.setTotals(totals(totals));
      r.setHasSamples(w.tiers().hasSamples());
      r.setSeconds(series(w.tiers().seconds, "seconds"));
      r.setMinutes(series(w.tiers().minutes, "minutes"));
      r.setDurations(SketchRecords.encode(w.durationSketch()));
      r.setInitDurations(SketchRecords.encode(w.initDurationSketch()));
      instances(r, w.instanceTracker());
    }
    return r.build();
  }

  private static Totals totals(WindowTotals t) {
    Totals.Builder b =
        Totals.newBuilder()
            .setFirstSecond(t.firstSecond())
            .setLastArrivalNanos(t.lastArrivalNanos())
            .setNewestNanos(t.newestNanos())
            .setInvocations(t.invocations())
            .setColdStarts(t.coldStarts())
            .setErrors(t.errors())
            .setTimeouts(t.timeouts())
            .setLateDropped(t.lateDropped())
            .setDurationSum(t.durationSum())
            .setDurationCount(t.durationCount());
    if (t.classic() != null) {
      for (long c : t.classic()) {
        b.addClassic(c);
      }
    }
    return b.build();
  }

  private static Series series(SealedSeries series, String what) throws Unsaveable {
    Series.Builder b = Series.newBuilder().setNewestKey(series.newestKey());
    BucketSeries recent = series.recentSeries();
    int first = recent.first();
    for (int i = first; i < first + recent.size(); i++) {
      String problem = SnapshotRules.inflightProblem(what, recent.effective(i));
      if (problem != null) {
        throw new Unsaveable(problem);
      }
      b.addRecent(
          Bucket.newBuilder()
              .setKey(recent.keyAt(i))
              .setArrivals(recent.count(i, BucketSeries.ARRIVALS))
              .setCompletions(recent.count(i, BucketSeries.COMPLETIONS))
              .setColdStarts(recent.count(i, BucketSeries.COLD))
              .setErrors(recent.count(i, BucketSeries.ERRORS))
              .setInflight(recent.effective(i))
              .setSampled(recent.sampled(i)));
    }
    series
        .sealedBlocks()
        .forEach(
            (block, hour) ->
                b.addSealed(
                    SealedBlock.newBuilder().setHour(hour).setBlock(ByteString.copyFrom(block))));
    return b.build();
  }

  private static void instances(FunctionRecord.Builder r, InstanceTracker t) {
    t.forEach(
        (id, at) -> {
          if (id.length() <= MAX_INSTANCE_CHARS) {
            r.addInstances(Instance.newBuilder().setId(id).setLastSeenNanos(at));
          }
        });
  }

  // ---- reading ----

  /** The function of {@code r}; throws {@link Corrupt} when it cannot be used. */
  static Restored decode(FunctionRecord r, WindowConfig config) throws Corrupt {
    FunctionKey key;
    String k = r.getKey();
    if (k.length() > FunctionKey.MAX_LENGTH) {
      throw new Corrupt(
          "function key length = "
              + k.length()
              + ", must be in [0; "
              + FunctionKey.MAX_LENGTH
              + "]");
    }
    try {
      key = FunctionKey.of(k);
    } catch (IllegalArgumentException e) {
      throw new Corrupt("function key: " + e.getMessage());
    }
    count("labels of " + key, r.getLabelsCount(), MAX_LABELS);
    Map<String, String> labels = new HashMap<>(r.getLabelsCount() * 2);
    for (Map.Entry<String, String> e : r.getLabelsMap().entrySet()) {
      labels.put(
          string("label key", e.getKey(), FunctionStore.MAX_LABEL_LENGTH),
          string("label value", e.getValue(), FunctionStore.MAX_LABEL_LENGTH));
    }
    FunctionWindows w = new FunctionWindows(key, config);
    String[] problem = new String[1];
    synchronized (w) {
      WindowTotals totals = totals(r.getTotals(), key);
      problem[0] = SnapshotRules.problem(totals);
      w.restoreTotals(totals);
      w.tiers().restoreHasSamples(r.getHasSamples());
      series(
          r.getSeconds(), w.tiers().seconds, config.retainedSeconds(), key + " seconds", problem);
      series(
          r.getMinutes(), w.tiers().minutes, config.retainedMinutes(), key + " minutes", problem);
      SketchRecords.decode(r.getDurations(), w.durationSketch(), key + " durations");
      SketchRecords.decode(r.getInitDurations(), w.initDurationSketch(), key + " init durations");
      count("instances of " + key, r.getInstancesCount(), config.maxInstances());
      for (Instance i : r.getInstancesList()) {
        w.instanceTracker()
            .seen(
                string("instance of " + key, i.getId(), MAX_INSTANCE_CHARS), i.getLastSeenNanos());
      }
    }
    return new Restored(w, labels, r.getLastTouchedNanos(), problem[0]);
  }

  private static WindowTotals totals(Totals t, FunctionKey key) throws Corrupt {
    // values are taken whole and judged by SnapshotRules (a bad one drops this function only)
    int n = t.getClassicCount();
    if (n != 0 && n != ClassicBuckets.count()) {
      throw new Corrupt(
          "classic buckets of " + key + " = " + n + ", must be 0 or " + ClassicBuckets.count());
    }
    long[] classic = null;
    if (n > 0) {
      classic = new long[n];
      for (int i = 0; i < n; i++) {
        classic[i] = t.getClassic(i);
      }
    }
    return new WindowTotals(
        t.getFirstSecond(),
        t.getLastArrivalNanos(),
        t.getNewestNanos(),
        t.getInvocations(),
        t.getColdStarts(),
        t.getErrors(),
        t.getTimeouts(),
        t.getLateDropped(),
        classic,
        t.getDurationSum(),
        t.getDurationCount());
  }

  private static void series(
      Series s, SealedSeries series, int retained, String what, String[] problem) throws Corrupt {
    long newest = s.getNewestKey();
    count("recent buckets of " + what, s.getRecentCount(), retained);
    boolean empty = newest == Long.MIN_VALUE;
    long oldest = empty ? Long.MAX_VALUE : newest - retained + 1;
    BucketSeries recent = series.recentSeries();
    long previous = Long.MIN_VALUE;
    List<Bucket> buckets = s.getRecentList();
    for (int j = 0; j < buckets.size(); j++) {
      Bucket b = buckets.get(j);
      long key = b.getKey();
      if (key <= previous && j > 0) {
        throw new Corrupt(
            "bucket keys of " + what + " out of order: " + key + " after " + previous);
      }
      previous = key;
      int[] counts = {
        bucketCount(what, b.getArrivals()),
        bucketCount(what, b.getCompletions()),
        bucketCount(what, b.getColdStarts()),
        bucketCount(what, b.getErrors())
      };
      double inflight = b.getInflight();
      String bad = SnapshotRules.inflightProblem(what, inflight);
      if (bad != null) {
        problem[0] = problem[0] == null ? bad : problem[0];
        continue; // the function is dropped; the rest of its record is still checked
      }
      if (empty || key < oldest || key > newest) {
        continue; // outside retention: it would answer zero anyway
      }
      int i = recent.slot(key);
      if (i < 0) {
        continue;
      }
      recent.add(i, BucketSeries.ARRIVALS, counts[0]);
      recent.add(i, BucketSeries.COMPLETIONS, counts[1]);
      recent.add(i, BucketSeries.COLD, counts[2]);
      recent.add(i, BucketSeries.ERRORS, counts[3]);
      if (b.getSampled()) {
        recent.sample(i, inflight);
      } else {
        recent.addInflight(i, inflight);
      }
    }
    count("sealed blocks of " + what, s.getSealedCount(), retained / M + 2);
    HourCodec.Decoded check = new HourCodec.Decoded();
    long previousHour = Long.MIN_VALUE;
    List<SealedBlock> sealed = s.getSealedList();
    for (int j = 0; j < sealed.size(); j++) {
      long hour = sealed.get(j).getHour();
      if (hour <= previousHour && j > 0) {
        throw new Corrupt(
            "sealed hours of " + what + " out of order: " + hour + " after " + previousHour);
      }
      previousHour = hour;
      int length = sealed.get(j).getBlock().size();
      if (length < 1 || length > MAX_BLOCK_BYTES) {
        throw new Corrupt(
            "sealed block of "
                + what
                + " length = "
                + length
                + ", must be in [1; "
                + MAX_BLOCK_BYTES
                + "]");
      }
      byte[] block = sealed.get(j).getBlock().toByteArray();
      try {
        HourCodec.decode(block, check);
      } catch (RuntimeException e) {
        throw new Corrupt("sealed block " + hour + " of " + what + " does not decode: " + e);
      }
      if (!empty && hour >= Math.floorDiv(oldest, M) && hour <= Math.floorDiv(newest, M)) {
        series.sealedBlocks().put(hour, block);
      }
    }
    series.restoreNewest(
        recent.size() == 0 && series.sealedBlocks().isEmpty() ? Long.MIN_VALUE : newest);
  }

  private static int bucketCount(String what, int c) throws Corrupt {
    if (c < 0) {
      throw new Corrupt(
          "bucket count of " + what + " = " + c + ", must be in [0; " + Integer.MAX_VALUE + "]");
    }
    return c;
  }

  /** A count in {@code [0; max]}. */
  static void count(String what, int n, int max) throws Corrupt {
    if (n < 0 || n > max) {
      throw new Corrupt(what + " = " + n + ", must be in [0; " + max + "]");
    }
  }

  private static String string(String what, String s, int maxChars) throws Corrupt {
    if (s.length() > maxChars) {
      throw new Corrupt(what + " length = " + s.length() + ", must be in [0; " + maxChars + "]");
    }
    return s;
  }
}
