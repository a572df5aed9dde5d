package io.prescale.collector.window;

import java.util.Arrays;

/**
 * Encodes one sealed block of 60 consecutive buckets (an hour of minutes, or a minute of seconds:
 * "minute" below means the bucket's place in the block) into an immutable {@code byte[]} and back.
 *
 * <p>Layout: the number {@code n} of minutes with a bucket (one byte; bit 7 set when some bucket
 * holds a live in-flight sample, followed by the 64-bit mask of those); which minutes (nothing
 * when all 60, one offset byte each when fewer than 8, else the 64-bit mask); then five columns of
 * the {@code n} values in minute order: arrivals, completions, cold starts, errors and the
 * quantized in-flight time; completions are written as their zigzag difference from arrivals
 * (nearly always small: most invocations end in the minute they start). A column is a tag byte (bit 7: delta mode; bits 0-6: bit width), then
 * either the minimum (varint) and each value minus the minimum bit-packed at that width
 * (frame of reference), or the first value and the minimum zigzag delta (varints) and each
 * following zigzag delta minus that minimum bit-packed; the shorter of the two is written. A
 * constant column costs two bytes, a zero column two bytes.
 *
 * <p>In-flight seconds are quantized like a float with {@value #MANTISSA_BITS} mantissa bits and a
 * double's exponent range: round to nearest, so the relative error is at most {@link
 * #RELATIVE_ERROR} (2<sup>-11</sup>, ~0.049 %); zero and values with at most that many mantissa
 * bits (whole seconds up to 2048, halves, quarters...) are exact; negative rounding residue is
 * stored as zero. Re-encoding a decoded value is exact (no drift without new data).
 */
final class HourCodec {
  static final int MINUTES = 60;
  static final int FIELDS = 4;
  static final int MANTISSA_BITS = 10;
  static final double RELATIVE_ERROR = 1.0 / (1 << (MANTISSA_BITS + 1));
  static final long ALL = (1L << MINUTES) - 1;
  private static final int DROP = 52 - MANTISSA_BITS;

  private HourCodec() {}

  /** One decoded hour: counts at {@code minute * FIELDS + field}, in-flight seconds by minute. */
  static final class Decoded {
    byte[] block;
    long present;
    long sampled;
    final int[] counts = new int[MINUTES * FIELDS];
    final double[] inflight = new double[MINUTES];
    private final long[] column = new long[MINUTES];
    private final int[] offsets = new int[MINUTES];
  }

  static long quantize(double seconds) {
    if (!(seconds > 0)) {
      return 0;
    }
    return (Double.doubleToRawLongBits(seconds) + (1L << (DROP - 1))) >>> DROP;
  }

  static double dequantize(long q) {
    return Double.longBitsToDouble(q << DROP);
  }

  /** Encodes the minutes set in {@code present} (bit = minute of the hour). */
  static byte[] encode(long present, int[] counts, double[] inflight) {
    return encode(present, 0, counts, inflight);
  }

  /** As {@link #encode(long, int[], double[])}; {@code sampled} marks live-sample buckets. */
  static byte[] encode(long present, long sampled, int[] counts, double[] inflight) {
    int n = Long.bitCount(present);
    Out out = new Out(24 + n * 6 * 5);
    sampled &= present;
    out.b(n | (sampled != 0 ? 0x80 : 0));
    if (sampled != 0) {
      for (int i = 0; i < 8; i++) {
        out.b((int) (sampled >>> (8 * i)));
      }
    }
    int[] offsets = new int[n];
    int k = 0;
    for (long m = present; m != 0; m &= m - 1) {
      offsets[k++] = Long.numberOfTrailingZeros(m);
    }
    if (n < 8) {
      for (int off : offsets) {
        out.b(off);
      }
    } else if (n < MINUTES) {
      for (int i = 0; i < 8; i++) {
        out.b((int) (present >>> (8 * i)));
      }
    }
    long[] col = new long[n];
    for (int f = 0; f < FIELDS; f++) {
      for (int j = 0; j < n; j++) {
        int at = offsets[j] * FIELDS;
        col[j] = f == BucketSeries.COMPLETIONS
            ? zigzag((long) counts[at + f] - counts[at + BucketSeries.ARRIVALS])
            : counts[at + f];
      }
      out.column(col, n);
    }
    for (int j = 0; j < n; j++) {
      col[j] = quantize(inflight[offsets[j]]);
    }
    out.column(col, n);
    return out.bytes();
  }

  /** Decodes {@code block} into {@code d} (absent minutes read zero). */
  static void decode(byte[] block, Decoded d) {
    In in = new In(block);
    int n = in.b();
    long sampled = 0;
    if ((n & 0x80) != 0) {
      n &= 0x7F;
      for (int i = 0; i < 8; i++) {
        sampled |= (long) in.b() << (8 * i);
      }
    }
    long present = 0;
    if (n < 8) {
      for (int j = 0; j < n; j++) {
        present |= 1L << in.b();
      }
    } else if (n < MINUTES) {
      for (int i = 0; i < 8; i++) {
        present |= (long) in.b() << (8 * i);
      }
    } else {
      present = ALL;
    }
    int k = 0;
    for (long m = present; m != 0; m &= m - 1) {
      d.offsets[k++] = Long.numberOfTrailingZeros(m);
    }
    Arrays.fill(d.counts, 0);
    Arrays.fill(d.inflight, 0);
    for (int f = 0; f < FIELDS; f++) {
      in.column(d.column, n);
      for (int j = 0; j < n; j++) {
        int at = d.offsets[j] * FIELDS;
        d.counts[at + f] = f == BucketSeries.COMPLETIONS
            ? (int) (unzigzag(d.column[j]) + d.counts[at + BucketSeries.ARRIVALS])
            : (int) d.column[j];
      }
    }
    in.column(d.column, n);
    for (int j = 0; j < n; j++) {
      d.inflight[d.offsets[j]] = dequantize(d.column[j]);
    }
    d.present = present;
    d.sampled = sampled;
    d.block = block;
  }

  private static int width(long range) {
    return 64 - Long.numberOfLeadingZeros(range);
  }

  private static int varintBytes(long v) {
    return Math.max(1, (width(v) + 6) / 7);
  }

  private static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  private static long unzigzag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }

  private static final class Out {
    private byte[] buf;
    private int pos;
    private long acc;
    private int bits;

    Out(int capacity) {
      buf = new byte[capacity];
    }

    void b(int v) {
      if (pos == buf.length) {
        buf = Arrays.copyOf(buf, buf.length * 2);
      }
      buf[pos++] = (byte) v;
    }

    void varint(long v) {
      while ((v & ~0x7FL) != 0) {
        b((int) ((v & 0x7F) | 0x80));
        v >>>= 7;
      }
      b((int) v);
    }

    void put(long v, int w) {
      if (w == 0) {
        return;
      }
      acc |= v << bits;
      bits += w;
      while (bits >= 8) {
        b((int) acc);
        acc >>>= 8;
        bits -= 8;
      }
    }

    void column(long[] v, int n) {
      if (n == 0) {
        return;
      }
      long min = v[0];
      long max = v[0];
      long dmin = Long.MAX_VALUE;
      long dmax = 0;
      for (int i = 1; i < n; i++) {
        min = Math.min(min, v[i]);
        max = Math.max(max, v[i]);
        long z = zigzag(v[i] - v[i - 1]);
        dmin = Math.min(dmin, z);
        dmax = Math.max(dmax, z);
      }
      int rawWidth = width(max - min);
      long rawBits = (long) rawWidth * n + 8L * varintBytes(min);
      int deltaWidth = n > 1 ? width(dmax - dmin) : 0;
      long deltaBits = n > 1
          ? (long) deltaWidth * (n - 1) + 8L * (varintBytes(v[0]) + varintBytes(dmin))
          : Long.MAX_VALUE;
      if (deltaBits < rawBits) {
        b(0x80 | deltaWidth);
        varint(v[0]);
        varint(dmin);
        for (int i = 1; i < n; i++) {
          put(zigzag(v[i] - v[i - 1]) - dmin, deltaWidth);
        }
      } else {
        b(rawWidth);
        varint(min);
        for (int i = 0; i < n; i++) {
          put(v[i] - min, rawWidth);
        }
      }
      if (bits > 0) {
        b((int) acc);
      }
      acc = 0;
      bits = 0;
    }

    byte[] bytes() {
      return Arrays.copyOf(buf, pos);
    }
  }

  private static final class In {
    private final byte[] buf;
    private int pos;
    private long acc;
    private int bits;

    In(byte[] buf) {
      this.buf = buf;
    }

    int b() {
      return buf[pos++] & 0xFF;
    }

    long varint() {
      long v = 0;
      for (int shift = 0; ; shift += 7) {
        int x = b();
        v |= (long) (x & 0x7F) << shift;
        if ((x & 0x80) == 0) {
          return v;
        }
      }
    }

    long get(int w) {
      if (w == 0) {
        return 0;
      }
      while (bits < w) {
        acc |= (long) b() << bits;
        bits += 8;
      }
      long v = acc & ((1L << w) - 1);
      acc >>>= w;
      bits -= w;
      return v;
    }

    void column(long[] out, int n) {
      if (n == 0) {
        return;
      }
      int tag = b();
      int w = tag & 0x7F;
      if ((tag & 0x80) != 0) {
        long v = varint();
        long dmin = varint();
        out[0] = v;
        for (int i = 1; i < n; i++) {
          v += unzigzag(get(w) + dmin);
          out[i] = v;
        }
      } else {
        long min = varint();
        for (int i = 0; i < n; i++) {
          out[i] = get(w) + min;
        }
      }
      acc = 0;
      bits = 0;
    }
  }
}
