package io.prescale.collector.snapshot;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import io.prescale.collector.window.FunctionStore;
import io.prescale.core.FunctionKey;
import java.io.IOException;
import java.io.InputStream;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * A snapshot written by main before the protobuf body (format 4, {@code snapshot/v4.snapshot}, see
 * {@link SnapshotFixture}) still restores, to the state it was written from; the next write saves
 * that state as format 5.
 */
class LegacySnapshotReaderTest {
  private static final long NOW_MILLIS = 1_800_000_123_456L;
  @TempDir Path dir;

  private Path fixture() throws IOException {
    Path file = dir.resolve(WindowsSnapshot.FILE_NAME);
    try (InputStream in =
        LegacySnapshotReaderTest.class.getResourceAsStream("/snapshot/v4.snapshot")) {
      Files.write(file, in.readAllBytes());
    }
    return file;
  }

  @Test
  void theFixtureIsAFormat4File() throws IOException {
    assertEquals(
        LegacySnapshotReader.VERSION, ByteBuffer.wrap(Files.readAllBytes(fixture())).getInt(8));
  }

  @Test
  void aFormat4SnapshotRestoresToTheStateItWasWrittenFrom() throws Exception {
    FunctionStore restored = FunctionStore.withDefaults();
    byte[][] ingest = new byte[1][];
    WindowsSnapshot.Restored r =
        WindowsSnapshot.restore(restored, fixture(), NOW_MILLIS, SnapshotFixture.extension(ingest));
    assertNull(r.problem(), r.problem());
    assertEquals(2, r.functions());
    assertEquals(
        SnapshotFixture.WRITTEN_AT,
        r.writtenAt().getEpochSecond() * 1_000_000_000L + r.writtenAt().getNano());
    assertArrayEquals(SnapshotFixture.INGEST_STATE, ingest[0]);
    assertSameState(SnapshotFixture.store(), restored);
  }

  @Test
  void theNextWriteIsFormat5AndRestoresTheSame() throws Exception {
    FunctionStore restored = FunctionStore.withDefaults();
    WindowsSnapshot.restore(restored, fixture(), NOW_MILLIS);
    Path again = dir.resolve("again.snapshot");
    WindowsSnapshot.write(
        restored, again, SnapshotFixture.WRITTEN_AT, SnapshotFixture.extension(new byte[1][]));
    assertEquals(
        WindowsSnapshot.FORMAT_VERSION, ByteBuffer.wrap(Files.readAllBytes(again)).getInt(8));
    FunctionStore twice = FunctionStore.withDefaults();
    byte[][] ingest = new byte[1][];
    WindowsSnapshot.Restored r =
        WindowsSnapshot.restore(twice, again, NOW_MILLIS, SnapshotFixture.extension(ingest));
    assertNull(r.problem(), r.problem());
    assertArrayEquals(SnapshotFixture.INGEST_STATE, ingest[0]);
    assertSameState(SnapshotFixture.store(), twice);
  }

  /** Same functions, labels, last touches, and each function's whole state as a record. */
  static void assertSameState(FunctionStore expected, FunctionStore actual) throws Exception {
    assertEquals(expected.functions(), actual.functions());
    for (FunctionKey k : expected.functions()) {
      assertEquals(expected.labels(k), actual.labels(k), k.value());
      assertEquals(expected.lastTouchedNanos(k), actual.lastTouchedNanos(k), k.value());
      assertEquals(
          FunctionRecords.encode(expected.get(k), expected.labels(k), 0),
          FunctionRecords.encode(actual.get(k), actual.labels(k), 0),
          k.value());
    }
  }
}
