package io.prescale.collector.otlp;

import io.vertx.core.buffer.Buffer;
import java.io.ByteArrayInputStream;
import java.io.IOException;
import java.util.Arrays;
import java.util.zip.GZIPInputStream;

/**
 * Gathers one request body into a single array, never past the limit. The array grows with the
 * bytes that arrived (doubling, capped at the declared Content-Length when there is one): it is
 * never sized from a declared length alone, so a client that announces 16 MiB and sends one byte
 * costs a few KiB. A gzip body is inflated at the end into an output that stops growing at the
 * limit, so a gzip bomb costs at most {@code maxBytes}.
 */
final class BodyCollector {
  /** The body (decompressed) is larger than the limit. */
  static final class TooLargeException extends RuntimeException {
    private static final long serialVersionUID = 1L;

    TooLargeException(String message) {
      super(message, null, false, false);
    }
  }

  /** The first array's size; later ones double. */
  static final int INITIAL_BYTES = 8192;

  private final int maxBytes;
  private final boolean gzip;
  private final int maxRawBytes;
  private final long declaredLength;
  private byte[] data;
  private int length;

  BodyCollector(int maxBytes, boolean gzip, long contentLength) {
    this.maxBytes = maxBytes;
    this.gzip = gzip;
    // deflate can expand incompressible input a little: allow for it before inflating
    this.maxRawBytes =
        gzip
            ? (int) Math.min(Integer.MAX_VALUE - 8, maxBytes + (long) maxBytes / 256 + 1024)
            : maxBytes;
    this.declaredLength = contentLength;
    this.data =
        new byte
            [(int)
                Math.min(
                    INITIAL_BYTES,
                    contentLength >= 0 ? Math.min(contentLength, maxRawBytes) : maxRawBytes)];
  }

  /** The largest raw (possibly compressed) body this collector takes. */
  int maxRawBytes() {
    return maxRawBytes;
  }

  /** Appends a chunk; returns false, keeping nothing more, once the raw limit is crossed. */
  boolean append(Buffer chunk) {
    int n = chunk.length();
    if ((long) length + n > maxRawBytes) {
      return false;
    }
    if (length + n > data.length) {
      long needed = (long) length + n;
      long grown = Math.max(needed, Math.max(INITIAL_BYTES, data.length * 2L));
      if (declaredLength >= needed) {
        grown = Math.min(grown, declaredLength); // the last doubling stops at the announced size
      }
      data = Arrays.copyOf(data, (int) Math.min(maxRawBytes, grown));
    }
    chunk.getBytes(0, n, data, length);
    length += n;
    return true;
  }

  /**
   * Finishes the body: inflates gzip within the limit.
   *
   * @throws TooLargeException when the decompressed body passes the limit
   * @throws MalformedRequestException when the gzip stream is corrupt
   */
  void finish() {
    if (!gzip) {
      return;
    }
    byte[] out = new byte[(int) Math.min(maxBytes + 1L, Math.max(1024L, length * 4L))];
    int outLen = 0;
    try (GZIPInputStream in =
        new GZIPInputStream(new ByteArrayInputStream(data, 0, length), 8192)) {
      while (true) {
        if (outLen == out.length) {
          if (outLen > maxBytes) {
            throw new TooLargeException(
                "decompressed body is larger than max-body-size = " + maxBytes + " bytes");
          }
          out = Arrays.copyOf(out, (int) Math.min(maxBytes + 1L, out.length * 2L));
        }
        int r = in.read(out, outLen, out.length - outLen);
        if (r < 0) {
          break;
        }
        outLen += r;
      }
    } catch (IOException e) {
      throw new MalformedRequestException("invalid gzip body: " + e.getMessage());
    }
    if (outLen > maxBytes) {
      throw new TooLargeException(
          "decompressed body is larger than max-body-size = " + maxBytes + " bytes");
    }
    data = out;
    length = outLen;
  }

  /** Bytes allocated for the raw body so far. */
  int capacity() {
    return data.length;
  }

  byte[] array() {
    return data;
  }

  int length() {
    return length;
  }
}
