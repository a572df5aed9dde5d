package io.prescale.collector.snapshot;

import java.io.ByteArrayInputStream;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.nio.ByteBuffer;
import java.util.Arrays;
import java.util.zip.CRC32;
import java.util.zip.GZIPInputStream;
import java.util.zip.GZIPOutputStream;

/**
 * Takes a snapshot file apart (header, gzip'ed body, trailer) and puts it back together with a
 * right length and checksum, so mutations of the body get past the CRC to the record decoders.
 */
final class SnapshotFiles {
  static final int HEADER = WindowsSnapshot.MAGIC.length + 8;
  static final int TRAILER = 12;
  private static final int MAX_BODY = 8 << 20;

  private SnapshotFiles() {}

  /** The decompressed body, or null when the file is not whole. */
  static byte[] body(byte[] file) {
    if (file.length < HEADER + TRAILER) {
      return null;
    }
    try (GZIPInputStream in =
        new GZIPInputStream(
            new ByteArrayInputStream(file, HEADER, file.length - HEADER - TRAILER))) {
      byte[] body = in.readNBytes(MAX_BODY);
      return in.read() < 0 ? body : null;
    } catch (IOException e) {
      return null;
    }
  }

  /** {@code file}'s header, then {@code body} compressed, then the trailer that matches it. */
  static byte[] withBody(byte[] file, byte[] body) {
    ByteArrayOutputStream gz = new ByteArrayOutputStream(body.length / 2 + 64);
    try (GZIPOutputStream out = new GZIPOutputStream(gz)) {
      out.write(body);
    } catch (IOException e) {
      throw new IllegalStateException(e);
    }
    byte[] compressed = gz.toByteArray();
    CRC32 crc = new CRC32();
    crc.update(compressed);
    ByteBuffer b = ByteBuffer.allocate(HEADER + compressed.length + TRAILER);
    b.put(Arrays.copyOf(file, HEADER))
        .put(compressed)
        .putLong(compressed.length)
        .putInt((int) crc.getValue());
    return b.array();
  }
}
