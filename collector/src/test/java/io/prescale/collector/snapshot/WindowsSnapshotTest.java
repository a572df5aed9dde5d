package io.prescale.collector.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.collector.window.BucketColumns;
import io.prescale.collector.window.DurationHistogram;
import io.prescale.collector.window.FunctionStore;
import io.prescale.collector.window.FunctionWindows;
import io.prescale.collector.window.StoreConfig;
import io.prescale.collector.window.WindowConfig;
import io.prescale.core.FunctionKey;
import io.prescale.core.Invocation;
import io.prescale.core.Trigger;
import io.prescale.core.observe.Observation;
import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.DataOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.Arrays;
import java.util.Map;
import java.util.Random;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** Snapshot round trip and refusal of damaged or hostile files. */
class WindowsSnapshotTest {
  private static final long S = 1_000_000_000L;
  private static final long T0 = 1_800_000_000L - 1_800_000_000L % 3600; // an hour start
  private static final long NOW_MILLIS = 1_800_000_123_456L;

  @TempDir Path dir;

  private static Invocation inv(
      FunctionKey f, long startNanos, long endNanos, boolean cold, boolean error, String instance) {
    return new Invocation(f, startNanos, endNanos, cold, Trigger.HTTP, error, instance, 0);
  }

  /** Three hours of traffic: sealed hours of minutes, sealed minutes of seconds, recent buckets. */
  private static FunctionStore busyStore() {
    FunctionStore store = FunctionStore.withDefaults();
    FunctionKey a = FunctionKey.of("shop/checkout");
    FunctionKey b = FunctionKey.of("resize");
    FunctionWindows wa =
        store.getOrCreate(a, Map.of("k8s.namespace.name", "shop", "ignored", "x"), T0 * S);
    FunctionWindows wb = store.getOrCreate(b, T0 * S);
    long end = T0 + 3 * 3600 + 1234;
    for (long t = T0; t < end; t += 7) {
      long start = t * S + (t * 7919 % 1000) * 1_000_000L;
      long duration = 20_000_000L + (t * 104_729 % 900) * 1_000_000L;
      wa.recordInvocation(
          inv(a, start, start + duration, t % 97 == 0, t % 53 == 0, "i-" + (t / 600 % 5)));
      if (t % 97 == 0) {
        wa.recordInitDurations(0.3 + (t % 13) / 10.0, 1, start);
      }
      if (t % 3 == 0) {
        wb.recordCounts(start, 3, 1, t % 2, t % 5 == 0 ? 1 : 0);
        wb.recordDurations(0.05 * (1 + t % 4), 3, start);
      }
    }
    for (long s = end - 200; s < end - 100; s++) {
      wb.recordConcurrency(s, 1.5 + s % 4); // live samples in the seconds tier
    }
    wb.recordInstance("pod-1", end * S);
    wa.trim(end * S); // seals what is behind the lateness
    return store;
  }

  @Test
  void roundTripAnswersEveryReadTheSame() throws IOException {
    FunctionStore original = busyStore();
    Path file = dir.resolve(WindowsSnapshot.FILE_NAME);
    WindowsSnapshot.Written written = WindowsSnapshot.write(original, file, 42 * S);
    assertEquals(2, written.functions());
    assertEquals(Files.size(file), written.bytes());
    assertFalse(Files.exists(dir.resolve(WindowsSnapshot.FILE_NAME + ".tmp")));
    FunctionWindows wa = original.get(FunctionKey.of("shop/checkout"));
    assertTrue(
        wa.tiers().minutes.sealedHours() >= 2,
        "minutes sealed: " + wa.tiers().minutes.sealedHours());
    assertTrue(
        wa.tiers().seconds.sealedHours() >= 10,
        "seconds sealed: " + wa.tiers().seconds.sealedHours());
    assertTrue(wa.tiers().minutes.recentSize() > 0);

    FunctionStore restored = FunctionStore.withDefaults();
    WindowsSnapshot.Restored r = WindowsSnapshot.restore(restored, file, NOW_MILLIS);
    assertNull(r.problem());
    assertEquals(2, r.functions());
    assertEquals(42, r.writtenAt().getEpochSecond());
    assertEquals(original.functions(), restored.functions());
    assertEquals(
        Map.of("k8s.namespace.name", "shop"), restored.labels(FunctionKey.of("shop/checkout")));
    for (FunctionKey k : original.functions()) {
      assertEquals(original.lastTouchedNanos(k), restored.lastTouchedNanos(k));
      assertSameReads(original.get(k), restored.get(k));
    }
    // both go on identically: the restored state is live, not a read-only copy
    long later = (T0 + 3 * 3600 + 1300) * S;
    for (FunctionStore s : new FunctionStore[] {original, restored}) {
      FunctionKey a = FunctionKey.of("shop/checkout");
      assertTrue(s.get(a).recordInvocation(inv(a, later, later + 2 * S, true, false, "i-new")));
      assertTrue(
          s.get(a).recordInvocation(inv(a, later - 200 * S, later - 199 * S, false, false, "i-1")));
    }
    for (FunctionKey k : original.functions()) {
      assertSameReads(original.get(k), restored.get(k));
    }
  }

  @Test
  void hoursOlderThanADayReadTheSameAfterARestoreAndLaterData() throws IOException {
    FunctionStore original = FunctionStore.withDefaults();
    FunctionKey f = FunctionKey.of("daily");
    FunctionWindows w = original.getOrCreate(f, T0 * S);
    long t = T0;
    for (; t < T0 + 26 * 3600; t += 30) {
      long start = t * S + (t * 7919 % 1000) * 1_000_000L;
      w.recordInvocation(inv(f, start, start + (1 + t % 17) * 100_000_000L, false, false, "i"));
    }
    Path file = dir.resolve(WindowsSnapshot.FILE_NAME);
    WindowsSnapshot.write(original, file, 1);
    FunctionStore restored = FunctionStore.withDefaults();
    assertNull(WindowsSnapshot.restore(restored, file, NOW_MILLIS).problem());
    assertSameReads(original.get(f), restored.get(f));
    for (long end = t + 2 * 3600; t < end; t += 30) { // older hours turn coarse in both
      for (FunctionStore s : new FunctionStore[] {original, restored}) {
        long start = t * S;
        s.get(f)
            .recordInvocation(
                inv(f, start, start + (1 + t % 13) * 100_000_000L, false, false, "i"));
      }
    }
    assertSameReads(original.get(f), restored.get(f));
  }

  private static void assertSameReads(FunctionWindows x, FunctionWindows y) {
    long now = (x.newestNanos() / S + 1) * S;
    Observation a = x.view(2, now);
    Observation b = y.view(2, now);
    long nowSec = now / S;
    for (long s = nowSec - 3700; s <= nowSec; s++) {
      assertEquals(a.arrivals(s), b.arrivals(s), "arrivals of second " + s);
      assertEquals(a.concurrency(s), b.concurrency(s), 0.0, "concurrency of second " + s);
    }
    for (long m = Math.min(T0 / 60 - 2, nowSec / 60 - 10_080); m <= nowSec / 60; m++) {
      assertEquals(a.minuteArrivals(m), b.minuteArrivals(m), "arrivals of minute " + m);
      assertEquals(
          a.minuteConcurrency(m), b.minuteConcurrency(m), 0.0, "concurrency of minute " + m);
    }
    for (double q : new double[] {0, 0.5, 0.9, 0.99, 1}) {
      assertEquals(
          a.durationQuantileSeconds(q), b.durationQuantileSeconds(q), 0.0, "duration q" + q);
      assertEquals(
          a.initDurationQuantileSeconds(q), b.initDurationQuantileSeconds(q), 0.0, "init q" + q);
    }
    assertEquals(a.firstSecond(), b.firstSecond());
    assertEquals(a.lastArrivalNanos(), b.lastArrivalNanos());
    assertEquals(x.summary(now, 3600), y.summary(now, 3600));
    assertEquals(x.summary(now, 86_400), y.summary(now, 86_400));
    assertEquals(x.invocationsTotal(), y.invocationsTotal());
    assertEquals(x.coldStartsTotal(), y.coldStartsTotal());
    assertEquals(x.errorsTotal(), y.errorsTotal());
    assertEquals(x.timeoutsTotal(), y.timeoutsTotal());
    assertEquals(x.lateDropped(), y.lateDropped());
    assertEquals(x.newestNanos(), y.newestNanos());
    assertEquals(x.liveInstances(now), y.liveInstances(now));
    DurationHistogram hx = x.durationHistogram();
    DurationHistogram hy = y.durationHistogram();
    assertEquals(hx, hy);
    BucketColumns cx = x.minutes(T0 / 60, 200);
    BucketColumns cy = y.minutes(T0 / 60, 200);
    assertArrayEquals(cx.completions(), cy.completions());
    assertArrayEquals(cx.errors(), cy.errors());
    assertArrayEquals(cx.coldStarts(), cy.coldStarts());
  }

  @Test
  void missingFileRestoresNothingAndIsNoProblem() {
    FunctionStore store = FunctionStore.withDefaults();
    WindowsSnapshot.Restored r = WindowsSnapshot.restore(store, dir.resolve("absent"), NOW_MILLIS);
    assertEquals(0, r.functions());
    assertNull(r.problem());
    assertEquals(0, store.size());
  }

  @Test
  void truncatedFileIsSetAside() throws IOException {
    byte[] good = goodSnapshot();
    assertRefused(Arrays.copyOf(good, good.length / 2), "truncated");
    assertRefused(Arrays.copyOf(good, 5), "truncated");
    assertRefused(new byte[0], "truncated");
  }

  @Test
  void flippedByteIsSetAside() throws IOException {
    byte[] bad = goodSnapshot();
    bad[bad.length / 2] ^= 0x10;
    assertRefused(bad, "checksum mismatch");
  }

  @Test
  void wrongMagicIsSetAside() throws IOException {
    byte[] bad = goodSnapshot();
    bad[0] = 'X';
    assertRefused(bad, "not a Prescale snapshot");
  }

  @Test
  void versionsBeforeTheLegacyOneAreSetAside()
      throws IOException { // 1 and 2: other sealed-block encodings
    for (int version = 1; version < LegacySnapshotReader.VERSION; version++) {
      byte[] old = goodSnapshot();
      ByteBuffer.wrap(old).putInt(8, version);
      assertRefused(
          old,
          "format version "
              + version
              + ", this build reads version "
              + WindowsSnapshot.FORMAT_VERSION);
    }
  }

  @Test
  void futureVersionIsSetAside() throws IOException {
    byte[] bad = goodSnapshot();
    ByteBuffer.wrap(bad).putInt(8, WindowsSnapshot.FORMAT_VERSION + 1);
    assertRefused(bad, "format version " + (WindowsSnapshot.FORMAT_VERSION + 1));
  }

  @Test
  void absurdLengthsInAFormat4FileWithAValidChecksumAreRefusedBeforeAllocating()
      throws IOException {
    // a function whose label count is absurd
    assertRefused(
        file(
            LegacySnapshotReader.VERSION,
            body(
                out -> {
                  out.writeByte(1);
                  out.writeUTF("f");
                  out.writeInt(Integer.MAX_VALUE);
                })),
        "labels of f = 2147483647, must be in [0; 32]");
    // recent buckets beyond the retention
    assertRefused(
        file(
            LegacySnapshotReader.VERSION,
            body(
                out -> {
                  writeRecordUpToSeconds(out);
                  out.writeInt(2_000_000_000);
                })),
        "recent buckets of f seconds = 2000000000, must be in [0; 3600]");
    // a sealed block longer than any block
    assertRefused(
        file(
            LegacySnapshotReader.VERSION,
            body(
                out -> {
                  writeRecordUpToSeconds(out);
                  out.writeInt(0);
                  out.writeInt(1);
                  out.writeLong(T0 / 60);
                  out.writeInt(Integer.MAX_VALUE);
                })),
        "sealed block of f seconds length = 2147483647");
    // a count that says more is coming than the file holds
    assertRefused(
        file(
            LegacySnapshotReader.VERSION,
            body(
                out -> {
                  out.writeByte(1);
                  out.writeUTF("f");
                  out.writeInt(3);
                })),
        "truncated");
    // a record marker that is neither 0 nor 1
    assertRefused(
        file(LegacySnapshotReader.VERSION, body(out -> out.writeByte(7))), "record marker = 7");
  }

  /**
   * A record of function {@code f}: marker, key, no labels, totals, up to its seconds tier's first
   * bucket.
   */
  private static void writeRecordUpToSeconds(DataOutputStream out) throws IOException {
    out.writeByte(1);
    out.writeUTF("f");
    out.writeInt(0);
    out.writeLong(0);
    writeEmptyTotals(out);
    out.writeBoolean(false);
    out.writeLong(T0);
  }

  @Test
  void randomlyDamagedBodiesWithValidChecksumsNeverThrowAndRestoreUsableWindows()
      throws IOException {
    byte[] good = goodSnapshot();
    int header = WindowsSnapshot.MAGIC.length + 8;
    byte[] body;
    try (var in =
        new GZIPInputStream(new ByteArrayInputStream(good, header, good.length - header - 12))) {
      body = in.readAllBytes();
    }
    Random random = new Random(7);
    int refused = 0;
    int accepted = 0;
    for (int round = 0; round < 300; round++) {
      byte[] damaged = body.clone();
      if (round % 10 == 0) {
        damaged = Arrays.copyOf(damaged, random.nextInt(damaged.length));
      } else {
        for (int k = 1 + random.nextInt(4); k > 0; k--) {
          int at = 60 + random.nextInt(damaged.length - 60); // past the preamble: into the records
          damaged[at] = (byte) random.nextInt(256);
        }
      }
      ByteArrayOutputStream zipped = new ByteArrayOutputStream();
      try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
        gz.write(damaged);
      }
      Path file = dir.resolve("fuzz-" + round);
      Files.write(file, file(WindowsSnapshot.FORMAT_VERSION, zipped.toByteArray()));
      FunctionStore store = FunctionStore.withDefaults();
      WindowsSnapshot.Restored r = WindowsSnapshot.restore(store, file, NOW_MILLIS);
      if (r.refused()) {
        refused++;
        assertEquals(0, store.size());
        assertEquals(
            dir.resolve("fuzz-" + round + ".corrupt-" + NOW_MILLIS), r.setAside(), r.problem());
      } else {
        accepted++;
        for (FunctionKey k : store.functions()) { // whatever came back answers every read
          FunctionWindows w = store.get(k);
          long now = Math.max(T0 * S, w.newestNanos());
          Observation o = w.view(1, now);
          o.durationQuantileSeconds(0.99);
          o.initDurationQuantileSeconds(0.5);
          o.concurrency(now / S - 5);
          o.minuteArrivals(now / S / 60 - 100);
          o.lastArrivalNanos();
          w.summary(now, 86_400);
          w.minutes(now / S / 60 - 300, 300);
          w.trim(now + 3600 * S);
        }
      }
    }
    assertTrue(refused > 100, "most damage is detected: " + refused);
    assertEquals(300, refused + accepted);
  }

  @Test
  void otherWindowSettingsAreRefused() throws IOException {
    FunctionStore other =
        new FunctionStore(StoreConfig.defaults(), WindowConfig.defaults().withRetainedSeconds(600));
    Path file = dir.resolve(WindowsSnapshot.FILE_NAME);
    Files.write(file, goodSnapshot());
    WindowsSnapshot.Restored r = WindowsSnapshot.restore(other, file, NOW_MILLIS);
    assertNotNull(r.problem());
    assertTrue(r.problem().contains("other window settings"), r.problem());
    assertEquals(0, other.size());
  }

  @Test
  void aFailedWriteKeepsThePreviousSnapshot() throws IOException {
    FunctionStore store = busyStore();
    Path file = dir.resolve(WindowsSnapshot.FILE_NAME);
    WindowsSnapshot.write(store, file, 1);
    byte[] before = Files.readAllBytes(file);
    Files.createDirectory(
        dir.resolve(WindowsSnapshot.FILE_NAME + ".tmp")); // the temp file cannot be opened
    try {
      WindowsSnapshot.write(store, file, 2);
      throw new AssertionError("the write should fail");
    } catch (IOException expected) {
      assertArrayEquals(before, Files.readAllBytes(file));
    }
  }

  // ---- helpers ----

  private byte[] goodSnapshot() throws IOException {
    Path file = dir.resolve("good");
    WindowsSnapshot.write(busyStore(), file, 1);
    return Files.readAllBytes(file);
  }

  private void assertRefused(byte[] content, String expectedProblem) throws IOException {
    Path file = dir.resolve(WindowsSnapshot.FILE_NAME);
    Files.write(file, content);
    FunctionStore store = FunctionStore.withDefaults();
    WindowsSnapshot.Restored r = WindowsSnapshot.restore(store, file, NOW_MILLIS);
    assertNotNull(r.problem(), "accepted a bad file");
    assertTrue(r.problem().contains(expectedProblem), r.problem());
    assertEquals(0, r.functions());
    assertEquals(0, store.size());
    Path aside = dir.resolve(WindowsSnapshot.FILE_NAME + ".corrupt-" + NOW_MILLIS);
    assertEquals(aside, r.setAside());
    assertArrayEquals(content, Files.readAllBytes(aside));
    assertFalse(Files.exists(file));
    Files.delete(aside);
  }

  private interface BodyWriter {
    void write(DataOutputStream out) throws IOException;
  }

  /** A format-4 body with a valid preamble for the default store, then {@code records}. */
  private static byte[] body(BodyWriter records) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    try (DataOutputStream out = new DataOutputStream(new GZIPOutputStream(bytes))) {
      out.writeLong(1);
      out.writeInt(FunctionRecords.blockFingerprint());
      WindowsSnapshot.writeConfig(out, WindowConfig.defaults());
      records.write(out);
    }
    return bytes.toByteArray();
  }

  /** A whole file of {@code version} around {@code body}, with a correct length and checksum. */
  static byte[] file(int version, byte[] body) throws IOException {
    ByteArrayOutputStream bytes = new ByteArrayOutputStream();
    DataOutputStream out = new DataOutputStream(bytes);
    out.write(WindowsSnapshot.MAGIC);
    out.writeInt(version);
    out.writeInt(0);
    out.write(body);
    CRC32 crc = new CRC32();
    crc.update(body);
    out.writeLong(body.length);
    out.writeInt((int) crc.getValue());
    return bytes.toByteArray();
  }

  private static void writeEmptyTotals(DataOutputStream out) throws IOException {
    for (int i = 0; i < 8; i++) {
      out.writeLong(i < 3 ? Observation.NONE : 0);
    }
    out.writeInt(0);
    out.writeDouble(0);
    out.writeLong(0);
  }
}
