package io.prescale.collector.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.CodedOutputStream;
import io.prescale.collector.snapshot.proto.FunctionRecord;
import io.prescale.collector.snapshot.proto.Header;
import io.prescale.collector.snapshot.proto.Snapshot;
import io.prescale.collector.window.FunctionStore;
import io.prescale.collector.window.FunctionWindows;
import io.prescale.collector.window.WindowConfig;
import io.prescale.collector.window.WindowTotals;
import io.prescale.core.FunctionKey;
import java.io.ByteArrayOutputStream;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.List;
import java.util.Map;
import java.util.concurrent.CopyOnWriteArrayList;
import java.util.logging.Handler;
import java.util.logging.Level;
import java.util.logging.LogRecord;
import java.util.logging.Logger;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * One bad function (a wrapped total) neither poisons the snapshot nor costs the other functions:
 * the writer leaves it out, the reader drops it alone; totals saturate so it cannot arise.
 */
class SnapshotBadFunctionTest {
  private static final long S = 1_000_000_000L;
  private static final long T0 = 1_800_000_000L;
  private static final long NOW_MILLIS = 1_800_000_123_456L;
  private static final FunctionKey GOOD = FunctionKey.of("good");
  private static final FunctionKey BAD = FunctionKey.of("bad");

  @TempDir Path dir;

  private static FunctionWindows counted(FunctionKey key, long invocations) {
    FunctionWindows w = new FunctionWindows(key, WindowConfig.defaults());
    w.recordCounts(T0 * S, invocations, 0, 1, 0);
    return w;
  }

  /** {@code w}'s totals with invocations replaced: what a wrapped total looked like. */
  private static void wrapInvocations(FunctionWindows w, long invocations) {
    WindowTotals t = w.totals();
    w.restoreTotals(
        new WindowTotals(
            t.firstSecond(),
            t.lastArrivalNanos(),
            t.newestNanos(),
            invocations,
            t.coldStarts(),
            t.errors(),
            t.timeouts(),
            t.lateDropped(),
            t.classic(),
            t.durationSum(),
            t.durationCount()));
  }

  @Test
  void restoreDropsOnlyTheBadFunction() throws Exception {
    FunctionWindows good = counted(GOOD, 5);
    FunctionRecord goodRecord = FunctionRecords.encode(good, Map.of(), T0 * S);
    FunctionRecord badRecord = FunctionRecords.encode(counted(BAD, 7), Map.of(), T0 * S);
    badRecord =
        badRecord.toBuilder()
            .setTotals(badRecord.getTotals().toBuilder().setInvocations(-2L))
            .build();
    Path file = dir.resolve(WindowsSnapshot.FILE_NAME);
    Files.write(file, file(goodRecord, badRecord));
    FunctionStore store = FunctionStore.withDefaults();
    try (Warnings warnings = new Warnings()) {
      WindowsSnapshot.Restored r = WindowsSnapshot.restore(store, file, NOW_MILLIS);
      assertNull(r.problem(), r.problem());
      assertEquals(1, r.functions());
      assertEquals(1, r.dropped());
      assertNotNull(store.get(GOOD));
      assertEquals(5, store.get(GOOD).invocationsTotal());
      assertNull(store.get(BAD));
      assertTrue(Files.exists(file), "the file is kept, not set aside");
      assertEquals(1, warnings.lines.size(), String.valueOf(warnings.lines));
      assertTrue(
          warnings.lines.get(0).contains("function bad dropped")
              && warnings.lines.get(0).contains("invocations = -2"),
          warnings.lines.get(0));
    }
  }

  @Test
  void theWriterLeavesOutWhatRestoreWouldRefuse() throws Exception {
    FunctionStore store = FunctionStore.withDefaults();
    store.getOrCreate(GOOD, T0 * S).recordCounts(T0 * S, 5, 0, 0, 0);
    FunctionWindows bad = store.getOrCreate(BAD, T0 * S);
    bad.recordCounts(T0 * S, 7, 0, 0, 0);
    wrapInvocations(bad, -2);
    Path file = dir.resolve(WindowsSnapshot.FILE_NAME);
    WindowsSnapshot.Written w = WindowsSnapshot.write(store, file, T0 * S);
    assertEquals(1, w.functions());
    assertEquals(1, w.skipped());
    FunctionStore restored = FunctionStore.withDefaults();
    WindowsSnapshot.Restored r = WindowsSnapshot.restore(restored, file, NOW_MILLIS);
    assertNull(r.problem(), r.problem());
    assertEquals(1, r.functions());
    assertEquals(0, r.dropped());
    assertEquals(5, restored.get(GOOD).invocationsTotal());
  }

  @Test
  void totalsAndBucketsSaturateInsteadOfWrapping() throws Exception {
    FunctionStore store = FunctionStore.withDefaults();
    FunctionWindows w = store.getOrCreate(GOOD, T0 * S);
    w.recordCounts(T0 * S, 5, 0, Long.MAX_VALUE, 0);
    w.recordCounts(T0 * S, Long.MAX_VALUE, 0, Long.MAX_VALUE, 0);
    assertEquals(Long.MAX_VALUE, w.coldStartsTotal());
    assertEquals(Long.MAX_VALUE, w.invocationsTotal());
    assertEquals(Integer.MAX_VALUE, w.view(0).arrivals(T0), "a full bucket stays full");
    Path file = dir.resolve(WindowsSnapshot.FILE_NAME);
    assertEquals(0, WindowsSnapshot.write(store, file, T0 * S).skipped());
    FunctionStore restored = FunctionStore.withDefaults();
    assertEquals(1, WindowsSnapshot.restore(restored, file, NOW_MILLIS).functions());
    assertEquals(Long.MAX_VALUE, restored.get(GOOD).coldStartsTotal());
  }

  /** A whole snapshot file holding {@code records}, no ingest state. */
  private static byte[] file(FunctionRecord... records) throws Exception {
    ByteArrayOutputStream body = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(body)) {
      CodedOutputStream out = CodedOutputStream.newInstance(gz);
      out.writeMessage(
          Snapshot.HEADER_FIELD_NUMBER,
          Header.newBuilder()
              .setWrittenAtNanos(T0 * S)
              .setBlockFingerprint(FunctionRecords.blockFingerprint())
              .setSettings(WindowsSnapshot.settings(WindowConfig.defaults()))
              .build());
      for (FunctionRecord r : records) {
        out.writeMessage(Snapshot.FUNCTIONS_FIELD_NUMBER, r);
      }
      out.flush();
    }
    return WindowsSnapshotTest.file(WindowsSnapshot.FORMAT_VERSION, body.toByteArray());
  }

  /** WARN lines of {@link WindowsSnapshot}'s logger while open. */
  private static final class Warnings extends Handler implements AutoCloseable {
    final List<String> lines = new CopyOnWriteArrayList<>();
    private final Logger log = Logger.getLogger(WindowsSnapshot.class.getName());

    Warnings() {
      log.addHandler(this);
    }

    @Override
    public void publish(LogRecord r) {
      if (r.getLevel().intValue() >= Level.WARNING.intValue()) {
        lines.add(r.getMessage());
      }
    }

    @Override
    public void flush() {}

    @Override
    public void close() {
      log.removeHandler(this);
    }
  }
}
