package io.prescale.collector.window.sealed;

import java.util.Arrays;

/**
 * Appends bits, least significant first, to a growing byte array: fixed-width fields, {@link
 * #varbits} and Rice codes ({@link RiceColumns} describes the codes). {@link BitReader} reads them
 * back. {@link HourCodec} keeps one per encoding thread and reuses it through {@link #reset}.
 */
final class BitWriter {
  private byte[] buf;
  private int pos;
  private long acc;
  private int bits;

  BitWriter(int capacity) {
    buf = new byte[Math.max(8, capacity)];
  }

  /** Bits of {@link #varbits}: a 6-bit width, then that many bits. */
  static int varbitsLength(long v) {
    return 6 + RiceColumns.width(v) - (v == 0 ? 0 : 1);
  }

  /** The low {@code w} bits of {@code v} ({@code w <= 32}). */
  void put(long v, int w) {
    acc |= (v & ((1L << w) - 1)) << bits; // w = 0: the mask is 0
    bits += w;
    if (bits >= 32) {
      if (pos + 4 > buf.length) {
        buf = Arrays.copyOf(buf, buf.length * 2 + 4);
      }
      buf[pos] = (byte) acc;
      buf[pos + 1] = (byte) (acc >>> 8);
      buf[pos + 2] = (byte) (acc >>> 16);
      buf[pos + 3] = (byte) (acc >>> 24);
      pos += 4;
      acc >>>= 32;
      bits -= 32;
    }
  }

  void putLong(long v, int w) {
    if (w > 32) {
      put(v, 32);
      put(v >>> 32, w - 32);
    } else {
      put(v, w);
    }
  }

  /** A non-negative value: its bit width {@code w} (6 bits), then its low {@code w - 1} bits. */
  void varbits(long v) {
    int w = RiceColumns.width(v);
    put(w, 6);
    if (w > 1) {
      putLong(v, w - 1); // the top bit is implied
    }
  }

  void rice(long x, int k) {
    long q = x >>> k;
    if (q < RiceColumns.ESCAPE) {
      int w = (int) q + 1 + k;
      if (w <= 32) {
        put(((1L << q) - 1) | (x & ((1L << k) - 1)) << (q + 1), w);
      } else {
        put((1L << q) - 1, (int) q + 1);
        putLong(x, k);
      }
    } else {
      put((1L << RiceColumns.ESCAPE) - 1, RiceColumns.ESCAPE);
      varbits(x);
    }
  }

  /** Empties this writer for reuse (the buffer is kept). */
  BitWriter reset() {
    pos = 0;
    acc = 0;
    bits = 0;
    return this;
  }

  /** Bits written so far. */
  long bitLength() {
    return 8L * pos + bits;
  }

  byte[] bytes() {
    int n = pos + (bits + 7) / 8;
    byte[] out = Arrays.copyOf(buf, n);
    for (int i = pos; i < n; i++, acc >>>= 8) {
      out[i] = (byte) acc;
    }
    return out;
  }
}
