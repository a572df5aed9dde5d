package io.prescale.collector.window.sealed;

/**
 * Reads what a {@link BitWriter} wrote, least significant bit first, from a slice of a byte array;
 * reading past the end yields zero bits.
 */
final class BitReader {
  private final byte[] buf;
  private final int end;
  private int pos;
  private long acc;
  private int bits;

  BitReader(byte[] buf) {
    this(buf, 0, buf.length);
  }

  BitReader(byte[] buf, int from, int to) {
    this.buf = buf;
    this.pos = from;
    this.end = to;
  }

  private void fill() {
    while (bits <= 56) {
      long b = pos < end ? buf[pos] & 0xFFL : 0;
      pos++;
      acc |= b << bits;
      bits += 8;
    }
  }

  long get(int w) {
    if (w == 0) {
      return 0;
    }
    if (w > 32) {
      long lo = get(32);
      return lo | get(w - 32) << 32;
    }
    if (bits < w) {
      fill();
    }
    long v = acc & ((1L << w) - 1);
    acc >>>= w;
    bits -= w;
    return v;
  }

  long varbits() {
    int w = (int) get(6);
    return w <= 1 ? w : (1L << (w - 1)) | get(w - 1);
  }

  long rice(int k) {
    if (bits < RiceColumns.ESCAPE + 1) {
      fill();
    }
    int q = Long.numberOfTrailingZeros(~acc);
    if (q >= RiceColumns.ESCAPE) {
      acc >>>= RiceColumns.ESCAPE;
      bits -= RiceColumns.ESCAPE;
      return varbits();
    }
    acc >>>= q + 1;
    bits -= q + 1;
    return ((long) q << k) | get(k);
  }
}
