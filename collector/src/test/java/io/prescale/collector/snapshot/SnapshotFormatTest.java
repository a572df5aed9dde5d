package io.prescale.collector.snapshot;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.google.protobuf.ByteString;
import com.google.protobuf.CodedOutputStream;
import com.google.protobuf.UnknownFieldSet;
import io.prescale.collector.snapshot.proto.Bucket;
import io.prescale.collector.snapshot.proto.FunctionRecord;
import io.prescale.collector.snapshot.proto.Header;
import io.prescale.collector.snapshot.proto.SealedBlock;
import io.prescale.collector.snapshot.proto.Series;
import io.prescale.collector.snapshot.proto.Snapshot;
import io.prescale.collector.window.FunctionStore;
import io.prescale.collector.window.WindowConfig;
import io.prescale.core.FunctionKey;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.util.zip.GZIPOutputStream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The format-5 body ({@code snapshot.proto}): fields a newer build adds are skipped, so they need
 * no version bump; counts and lengths out of bounds are refused naming the value and the range.
 */
class SnapshotFormatTest {
  private static final long NOW_MILLIS = 1_800_000_123_456L;
  private static final long T0 = SnapshotFixture.T0;
  @TempDir Path dir;

  private interface Body {
    void write(CodedOutputStream out) throws IOException;
  }

  private static Header header() {
    return Header.newBuilder()
        .setWrittenAtNanos(SnapshotFixture.WRITTEN_AT)
        .setBlockFingerprint(FunctionRecords.blockFingerprint())
        .setSettings(WindowsSnapshot.settings(WindowConfig.defaults()))
        .build();
  }

  private static byte[] file(Body body) throws IOException {
    ByteArrayOutputStream zipped = new ByteArrayOutputStream();
    try (GZIPOutputStream gz = new GZIPOutputStream(zipped)) {
      CodedOutputStream out = CodedOutputStream.newInstance(gz);
      body.write(out);
      out.flush();
    }
    return WindowsSnapshotTest.file(WindowsSnapshot.FORMAT_VERSION, zipped.toByteArray());
  }

  private WindowsSnapshot.Restored restore(byte[] content, FunctionStore store) throws IOException {
    Path file = dir.resolve(WindowsSnapshot.FILE_NAME);
    Files.write(file, content);
    return WindowsSnapshot.restore(store, file, NOW_MILLIS);
  }

  private void assertRefused(byte[] content, String expected) throws IOException {
    FunctionStore store = FunctionStore.withDefaults();
    WindowsSnapshot.Restored r = restore(content, store);
    assertNotNull(r.problem(), "accepted a bad file");
    assertTrue(r.problem().contains(expected), r.problem());
    assertEquals(0, store.size());
  }

  private static FunctionRecord record(String key) {
    return FunctionRecord.newBuilder()
        .setKey(key)
        .setSeconds(Series.newBuilder().setNewestKey(Long.MIN_VALUE))
        .setMinutes(Series.newBuilder().setNewestKey(Long.MIN_VALUE))
        .build();
  }

  @Test
  void fieldsThisBuildDoesNotKnowAreSkipped() throws Exception {
    FunctionStore original = SnapshotFixture.store();
    FunctionKey key = FunctionKey.of("shop/checkout");
    FunctionRecord known =
        FunctionRecords.encode(
                original.get(key), original.labels(key), original.lastTouchedNanos(key))
            .toBuilder()
            .setUnknownFields(
                UnknownFieldSet.newBuilder()
                    .addField(99, UnknownFieldSet.Field.newBuilder().addVarint(7).build())
                    .build())
            .build();
    FunctionStore store = FunctionStore.withDefaults();
    WindowsSnapshot.Restored r =
        restore(
            file(
                out -> {
                  out.writeMessage(Snapshot.HEADER_FIELD_NUMBER, header());
                  out.writeString(40, "a field of a newer build");
                  out.writeMessage(Snapshot.FUNCTIONS_FIELD_NUMBER, known);
                  out.writeInt64(41, 12345);
                }),
            store);
    assertNull(r.problem(), r.problem());
    assertEquals(1, r.functions());
    assertEquals(original.get(key).invocationsTotal(), store.get(key).invocationsTotal());
  }

  @Test
  void outOfBoundCountsAndLengthsAreRefused() throws IOException {
    FunctionRecord.Builder labels = record("f").toBuilder();
    for (int i = 0; i < 33; i++) {
      labels.putLabels("k" + i, "v");
    }
    assertRefused(
        file(
            out -> {
              out.writeMessage(Snapshot.HEADER_FIELD_NUMBER, header());
              out.writeMessage(Snapshot.FUNCTIONS_FIELD_NUMBER, labels.build());
            }),
        "function #1: labels of f = 33, must be in [0; 32]");
    Series.Builder recent = Series.newBuilder().setNewestKey(T0);
    for (int i = 0; i <= 3600; i++) {
      recent.addRecent(Bucket.newBuilder().setKey(T0 - 3600 + i).setArrivals(1));
    }
    assertRefused(
        file(
            out -> {
              out.writeMessage(Snapshot.HEADER_FIELD_NUMBER, header());
              out.writeMessage(
                  Snapshot.FUNCTIONS_FIELD_NUMBER,
                  record("f").toBuilder().setSeconds(recent).build());
            }),
        "recent buckets of f seconds = 3601, must be in [0; 3600]");
    assertRefused(
        file(
            out -> {
              out.writeMessage(Snapshot.HEADER_FIELD_NUMBER, header());
              out.writeMessage(
                  Snapshot.FUNCTIONS_FIELD_NUMBER,
                  record("f").toBuilder()
                      .setSeconds(
                          Series.newBuilder()
                              .setNewestKey(T0)
                              .addSealed(
                                  SealedBlock.newBuilder()
                                      .setHour(T0 / 60)
                                      .setBlock(ByteString.copyFrom(new byte[65536]))))
                      .build());
            }),
        "sealed block of f seconds length = 65536, must be in [1; 65535]");
    assertRefused(
        file(
            out -> {
              out.writeMessage(Snapshot.HEADER_FIELD_NUMBER, header());
              out.writeMessage(
                  Snapshot.FUNCTIONS_FIELD_NUMBER,
                  record("f").toBuilder()
                      .setSeconds(
                          Series.newBuilder()
                              .setNewestKey(T0)
                              .addRecent(Bucket.newBuilder().setKey(T0).setArrivals(-1)))
                      .build());
            }),
        "bucket count of f seconds = -1");
  }

  @Test
  void aBodyOutOfShapeIsRefused() throws IOException {
    assertRefused(
        file(out -> out.writeMessage(Snapshot.FUNCTIONS_FIELD_NUMBER, record("f"))),
        "snapshot field 2 before the header");
    assertRefused(file(out -> {}), "no header");
    assertRefused(
        file(
            out -> {
              out.writeMessage(Snapshot.HEADER_FIELD_NUMBER, header());
              out.writeInt64(Snapshot.FUNCTIONS_FIELD_NUMBER, 3);
            }),
        "snapshot field 2 has wire type 0, must be 2");
    assertRefused(
        file(
            out -> {
              out.writeMessage(Snapshot.HEADER_FIELD_NUMBER, header());
              out.writeTag(Snapshot.FUNCTIONS_FIELD_NUMBER, 2);
              out.writeUInt32NoTag(1 << 29); // says more is coming than the body holds
              out.writeRawBytes(record("f").toByteArray());
            }),
        "truncated");
    assertRefused(
        file(
            out -> {
              out.writeMessage(Snapshot.HEADER_FIELD_NUMBER, header());
              out.writeTag(Snapshot.FUNCTIONS_FIELD_NUMBER, 2);
              out.writeUInt32NoTag(3);
              out.writeRawBytes(new byte[3]);
            }),
        "malformed body");
    assertRefused(
        file(
            out -> {
              out.writeMessage(
                  Snapshot.HEADER_FIELD_NUMBER,
                  header().toBuilder().setBlockFingerprint(1).build());
            }),
        "another sealed-block encoding");
    assertRefused(
        file(
            out -> {
              out.writeMessage(
                  Snapshot.HEADER_FIELD_NUMBER,
                  header().toBuilder()
                      .setSettings(header().getSettings().toBuilder().setRetainedSeconds(60))
                      .build());
            }),
        "written with other window settings");
  }
}
