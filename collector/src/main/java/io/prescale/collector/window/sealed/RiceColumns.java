package io.prescale.collector.window.sealed;

import java.util.Arrays;

/**
 * Bit-level coding of short columns of non-negative longs (at most 64 values) for {@link
 * HourCodec}.
 *
 * <p>A column starts with a 3-bit mode: {@code 0} every value zero (nothing follows); {@code 3}
 * every value equal (the value follows as a {@link BitWriter#varbits}); {@code 1} frame of
 * reference: the minimum, a 6-bit Rice parameter {@code k}, then each value minus the minimum
 * Rice-coded; {@code 2} deltas: the first value, {@code k}, then each zigzag difference from the
 * previous value; {@code 4} centred: the rounded mean, {@code k}, then each zigzag difference from
 * it; {@code 5} sparse (a mostly-zero column): the number of non-zero values (6 bits), the Rice
 * parameter of the zero runs (3 bits: runs are shorter than 64), the one of the values (one 0-bit
 * for the usual 0, else a 1-bit and 6 bits), then for each non-zero value the zero run before it
 * and the value minus one: 10 bits of header instead of 18 (a busy function's cold starts, errors
 * and completions are sparse columns in every hour). The cheapest by an estimate from the column's
 * sums is written ({@link #bestK}): one pass to choose, one to write. A Rice code of {@code x} is
 * {@code x >>> k} one-bits, a zero-bit and the low {@code k} bits of {@code x}; a quotient of
 * {@value #ESCAPE} or more is written as {@value #ESCAPE} one-bits and then {@code x} as varbits,
 * so a huge outlier costs ~70 bits, not millions. Bits are written least significant first.
 */
final class RiceColumns {
  static final int ESCAPE = 24;
  private static final long CAP = 1L << 40; // keeps the estimates' sums of 64 values in a long
  private static final int ZERO = 0;
  private static final int FRAME = 1;
  private static final int DELTA = 2;
  private static final int CONSTANT = 3;
  private static final int CENTERED = 4;
  private static final int SPARSE = 5;
  private static final int MODE_BITS = 3;
  private static final int MAX_GAP_K = 7;

  private RiceColumns() {}

  static int width(long v) {
    return 64 - Long.numberOfLeadingZeros(v);
  }

  static long zigzag(long v) {
    return (v << 1) ^ (v >> 63);
  }

  static long unzigzag(long v) {
    return (v >>> 1) ^ -(v & 1);
  }

  /** Bits of the Rice code of {@code x} with parameter {@code k}. */
  static long riceBits(long x, int k) {
    long q = x >>> k;
    return q < ESCAPE ? q + 1 + k : ESCAPE + 6 + width(x);
  }

  /** Writes the {@code n} first values of {@code v} (all >= 0). */
  static void write(BitWriter out, long[] v, int n) {
    if (n == 0) {
      return;
    }
    long min = v[0];
    long max = v[0];
    long sum = 0;
    long deltaSum = 0;
    int nonZero = 0;
    long gapSum = 0;
    for (int i = 0, last = -1; i < n; i++) {
      long x = v[i];
      min = Math.min(min, x);
      max = Math.max(max, x);
      sum += Math.min(CAP, x);
      if (i > 0) {
        deltaSum += Math.min(CAP, zigzag(x - v[i - 1]) & Long.MAX_VALUE);
      }
      if (x != 0) {
        nonZero++;
        gapSum += i - last - 1;
        last = i;
      }
    }
    if (max == min) {
      out.put(max == 0 ? ZERO : CONSTANT, MODE_BITS);
      if (max != 0) {
        out.varbits(max);
      }
      return;
    }
    // estimated sizes (sums of Rice codes at their best parameter), one pass per candidate at most
    long frameSum = sum - Math.min(CAP, min) * n;
    int frameK = bestK(frameSum, n);
    long frameBits = riceEstimate(frameSum, n, frameK) + BitWriter.varbitsLength(min);
    boolean fits = max < 1L << 61; // zigzag differences stay non-negative longs
    int deltaK = fits ? bestK(deltaSum, n - 1) : 0;
    long deltaBits =
        fits
            ? riceEstimate(deltaSum, n - 1, deltaK) + BitWriter.varbitsLength(v[0])
            : Long.MAX_VALUE;
    long sparseBits = Long.MAX_VALUE;
    int gapK = 0;
    int valueK = 0;
    if (min == 0 && nonZero <= n / 2) {
      long valueSum = sum - nonZero;
      gapK = Math.min(MAX_GAP_K, bestK(gapSum, nonZero));
      valueK = bestK(valueSum, nonZero);
      sparseBits =
          6
              + 3
              + (valueK == 0 ? 1 : 7)
              + riceEstimate(gapSum, nonZero, gapK)
              - 6
              + riceEstimate(valueSum, nonZero, valueK)
              - 6;
    }
    boolean spread = fits && max - min >= 8; // a narrower column gains nothing from centering
    long center = spread ? Math.round((double) sum / n) : 0;
    long centerSum = 0;
    for (int i = 0; spread && i < n; i++) {
      centerSum += Math.min(CAP, zigzag(v[i] - center));
    }
    int centerK = spread ? bestK(centerSum, n) : 0;
    long centerBits =
        spread
            ? riceEstimate(centerSum, n, centerK) + BitWriter.varbitsLength(center)
            : Long.MAX_VALUE;
    if (sparseBits < Math.min(Math.min(frameBits, deltaBits), centerBits)) {
      out.put(SPARSE, MODE_BITS);
      out.put(nonZero, 6);
      out.put(gapK, 3);
      if (valueK == 0) {
        out.put(0, 1);
      } else {
        out.put(1, 1);
        out.put(valueK, 6);
      }
      for (int i = 0, last = -1; i < n; i++) {
        if (v[i] != 0) {
          out.rice(i - last - 1, gapK);
          out.rice(v[i] - 1, valueK);
          last = i;
        }
      }
    } else if (centerBits < Math.min(frameBits, deltaBits)) {
      out.put(CENTERED, MODE_BITS);
      out.varbits(center);
      out.put(centerK, 6);
      for (int i = 0; i < n; i++) {
        out.rice(zigzag(v[i] - center), centerK);
      }
    } else if (deltaBits < frameBits) {
      out.put(DELTA, MODE_BITS);
      out.varbits(v[0]);
      out.put(deltaK, 6);
      for (int i = 1; i < n; i++) {
        out.rice(zigzag(v[i] - v[i - 1]), deltaK);
      }
    } else {
      out.put(FRAME, MODE_BITS);
      out.varbits(min);
      out.put(frameK, 6);
      for (int i = 0; i < n; i++) {
        out.rice(v[i] - min, frameK);
      }
    }
  }

  /**
   * The Rice parameter minimising the estimated size {@code count * (k + 1) + sum / 2^k} of {@code
   * count} values summing to {@code sum} (an estimate: it picks the mode and {@code k}; what is
   * written is exact whatever they are).
   */
  static int bestK(long sum, int count) {
    if (count <= 0 || sum <= count) {
      return 0;
    }
    int k = Math.max(0, width(sum / count) - 1);
    while (k > 0 && riceEstimate(sum, count, k - 1) <= riceEstimate(sum, count, k)) {
      k--;
    }
    while (k < 62 && riceEstimate(sum, count, k + 1) < riceEstimate(sum, count, k)) {
      k++;
    }
    return k;
  }

  static long riceEstimate(long sum, int count, int k) {
    return 6 + (long) count * (k + 1) + (sum >>> k);
  }

  /** Reads {@code n} values into {@code out}. */
  static void read(BitReader in, long[] out, int n) {
    if (n == 0) {
      return;
    }
    switch ((int) in.get(MODE_BITS)) {
      case ZERO -> Arrays.fill(out, 0, n, 0L);
      case CONSTANT -> Arrays.fill(out, 0, n, in.varbits());
      case FRAME -> {
        long min = in.varbits();
        int k = (int) in.get(6);
        for (int i = 0; i < n; i++) {
          out[i] = min + in.rice(k);
        }
      }
      case SPARSE -> readSparse(in, out, n);
      case CENTERED -> {
        long center = in.varbits();
        int k = (int) in.get(6);
        for (int i = 0; i < n; i++) {
          out[i] = center + unzigzag(in.rice(k));
        }
      }
      default -> {
        long v = in.varbits();
        int k = (int) in.get(6);
        out[0] = v;
        for (int i = 1; i < n; i++) {
          v += unzigzag(in.rice(k));
          out[i] = v;
        }
      }
    }
  }

  private static void readSparse(BitReader in, long[] out, int n) {
    Arrays.fill(out, 0, n, 0L);
    int nonZero = (int) in.get(6);
    int gapK = (int) in.get(3);
    int valueK = in.get(1) == 0 ? 0 : (int) in.get(6);
    for (int j = 0, i = -1; j < nonZero; j++) {
      i += 1 + (int) in.rice(gapK);
      out[i] = 1 + in.rice(valueK);
    }
  }
}
