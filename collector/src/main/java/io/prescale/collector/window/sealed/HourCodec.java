package io.prescale.collector.window.sealed;

import java.util.Arrays;

/**
 * Encodes one sealed block of 60 consecutive buckets (an hour of minutes, or a minute of seconds)
 * into an immutable {@code byte[]} and back: Rice-coded columns ({@link RiceColumns}), counts
 * exact, in-flight time quantized to the block's own scale with {@link #FINE_BITS} or {@link
 * #COARSE_BITS} bits of precision. The layout and the error bounds: docs/collector.md ("Sealed
 * blocks").
 */
public final class HourCodec {
  public static final int MINUTES = 60;
  public static final int FIELDS = 4;

  /** Precision of recent blocks: error <= 2^-11 (0.049 %) of the block's largest in-flight time. */
  static final int FINE_BITS = 11;

  /**
   * Precision of old minute blocks (see {@link io.prescale.collector.window.Tiers}): error <= 2^-5
   * (3.1 %) of the block's largest in-flight time (half that for values of at least half a step
   * below the top step). Only charts and long summaries read minutes older than a day; 5 bits
   * instead of 7 save ~2 bits a busy minute (~2 KiB a busy function over 6 days).
   */
  static final int COARSE_BITS = 5;

  /** Bound on the error of a fine block's in-flight time, relative to the block's largest. */
  static final double RELATIVE_ERROR = 1.0 / (1 << FINE_BITS);

  /** In-flight times below this (~1e-12 s, under the nanosecond resolution of spans) are zero. */
  static final double TINY = 0x1p-40;

  /** In-flight times above this (~3.7e10 years) are stored as this. */
  static final double HUGE = 0x1p60;

  public static final long ALL = (1L << MINUTES) - 1;
  private static final int EXPONENT_BIAS = 1100;

  /** Fraction bits of the in-flight steps per arrival of the predicted in-flight column. */
  private static final int PER_ARRIVAL_BITS = 8;

  private static final ThreadLocal<Scratch> SCRATCH = ThreadLocal.withInitial(Scratch::new);

  /** Per-thread work arrays of {@link #encode} (it runs for every sealed block). */
  private static final class Scratch {
    final int[] offsets = new int[MINUTES];
    final long[] col = new long[MINUTES];
    final long[] residuals = new long[MINUTES];
    final BitWriter out = new BitWriter(1024);
  }

  private HourCodec() {}

  /** One decoded hour: counts at {@code minute * FIELDS + field}, in-flight seconds by minute. */
  public static final class Decoded {
    byte[] block;

    /** Cache key of {@link SealedSeries}: whose block, which hour, at which version. */
    Object owner;

    long hour;
    long version;
    long present;
    long sampled;
    final int[] counts = new int[MINUTES * FIELDS];
    final double[] inflight = new double[MINUTES];
    private final long[] column = new long[MINUTES];
    private final int[] offsets = new int[MINUTES];
  }

  /** Encodes the minutes set in {@code present} (bit = minute of the hour), fine precision. */
  public static byte[] encode(long present, int[] counts, double[] inflight) {
    return encode(present, 0, counts, inflight, FINE_BITS);
  }

  /** As {@link #encode(long, int[], double[])}; {@code sampled} marks live-sample buckets. */
  public static byte[] encode(long present, long sampled, int[] counts, double[] inflight) {
    return encode(present, sampled, counts, inflight, FINE_BITS);
  }

  /** As above with {@code precisionBits} of in-flight precision (1 to 40). */
  public static byte[] encode(
      long present, long sampled, int[] counts, double[] inflight, int precisionBits) {
    present &= ALL;
    sampled &= present;
    int n = Long.bitCount(present);
    Scratch scratch = SCRATCH.get();
    BitWriter out = scratch.out.reset();
    out.put(n, 6);
    out.put(sampled != 0 ? 1 : 0, 1);
    if (sampled != 0) {
      out.putLong(sampled, MINUTES);
    }
    int[] offsets = scratch.offsets;
    int k = 0;
    for (long m = present; m != 0; m &= m - 1) {
      offsets[k++] = Long.numberOfTrailingZeros(m);
    }
    if (n < MINUTES) {
      if (6 * n < MINUTES) {
        for (int j = 0; j < n; j++) {
          out.put(offsets[j], 6);
        }
      } else {
        out.putLong(present, MINUTES);
      }
    }
    long[] col = scratch.col;
    for (int f = 0; f < FIELDS; f++) {
      for (int j = 0; j < n; j++) {
        int at = offsets[j] * FIELDS;
        col[j] =
            f == BucketSeries.COMPLETIONS
                ? RiceColumns.zigzag((long) counts[at + f] - counts[at + BucketSeries.ARRIVALS])
                : Math.max(0, counts[at + f]);
      }
      RiceColumns.write(out, col, n);
    }
    double max = 0;
    for (int j = 0; j < n; j++) {
      max = Math.max(max, inflight[offsets[j]]);
    }
    if (!(max >= TINY)) {
      out.put(0, 1);
      return out.bytes();
    }
    max = Math.min(max, HUGE);
    int e = stepExponent(max, precisionBits);
    long limit = (2L << precisionBits) - 1;
    out.put(1, 1);
    out.put(e + EXPONENT_BIAS, 12);
    double scale = Math.scalb(1.0, -e); // a power of two: multiplying by it is exact
    long sumSteps = 0;
    long sumArrivals = 0;
    for (int j = 0; j < n; j++) {
      double v = inflight[offsets[j]];
      col[j] =
          v >= TINY ? Math.min(limit, Math.max(1, (long) Math.rint(Math.min(v, HUGE) * scale))) : 0;
      sumSteps += col[j];
      sumArrivals += Math.max(0, counts[offsets[j] * FIELDS + BucketSeries.ARRIVALS]);
    }
    long perArrival =
        sumArrivals == 0
            ? -1
            : (sumSteps * (1L << PER_ARRIVAL_BITS) + sumArrivals / 2) / sumArrivals;
    if (perArrival < 0 || perArrival > Integer.MAX_VALUE) {
      out.put(0, 1);
      RiceColumns.write(out, col, n);
      return out.bytes();
    }
    // in-flight time ~ arrivals x mean duration (Little): the differences from that are smaller
    // choose by the Rice estimate of each (deviations from the mean, or the differences): one pass
    long[] res = scratch.residuals;
    long mean = Math.round((double) sumSteps / n);
    long plainSum = 0;
    long residualSum = 0;
    for (int j = 0; j < n; j++) {
      res[j] =
          RiceColumns.zigzag(
              col[j] - predicted(counts[offsets[j] * FIELDS + BucketSeries.ARRIVALS], perArrival));
      plainSum += Math.min(1L << 40, RiceColumns.zigzag(col[j] - mean));
      residualSum += Math.min(1L << 40, res[j]);
    }
    long plainBits = RiceColumns.riceEstimate(plainSum, n, RiceColumns.bestK(plainSum, n));
    long predictedBits =
        RiceColumns.riceEstimate(residualSum, n, RiceColumns.bestK(residualSum, n))
            + BitWriter.varbitsLength(perArrival);
    if (predictedBits < plainBits) {
      out.put(1, 1);
      out.varbits(perArrival);
      RiceColumns.write(out, res, n);
    } else {
      out.put(0, 1);
      RiceColumns.write(out, col, n);
    }
    return out.bytes();
  }

  /** Steps of in-flight time predicted for {@code arrivals} at {@code perArrival} (fixed point). */
  private static long predicted(int arrivals, long perArrival) {
    return (Math.max(0, arrivals) * perArrival + (1L << (PER_ARRIVAL_BITS - 1)))
        >> PER_ARRIVAL_BITS;
  }

  /** Decodes {@code block} into {@code d} (absent minutes read zero). */
  public static void decode(byte[] block, Decoded d) {
    decode(block, 0, block.length, d);
    d.block = block;
  }

  /** Decodes the block at {@code buf[offset, offset + length)} into {@code d}. */
  static void decode(byte[] buf, int offset, int length, Decoded d) {
    BitReader in = new BitReader(buf, offset, offset + length);
    int n = (int) in.get(6);
    long sampled = in.get(1) != 0 ? in.get(MINUTES) : 0;
    long present;
    if (n == MINUTES) {
      present = ALL;
    } else if (6 * n < MINUTES) {
      present = 0;
      for (int j = 0; j < n; j++) {
        present |= 1L << in.get(6);
      }
    } else {
      present = in.get(MINUTES);
    }
    int k = 0;
    for (long m = present; m != 0; m &= m - 1) {
      d.offsets[k++] = Long.numberOfTrailingZeros(m);
    }
    Arrays.fill(d.counts, 0);
    Arrays.fill(d.inflight, 0);
    for (int f = 0; f < FIELDS; f++) {
      RiceColumns.read(in, d.column, n);
      for (int j = 0; j < n; j++) {
        int at = d.offsets[j] * FIELDS;
        long v =
            f == BucketSeries.COMPLETIONS
                ? RiceColumns.unzigzag(d.column[j]) + d.counts[at + BucketSeries.ARRIVALS]
                : d.column[j];
        if (v < 0 || v > Integer.MAX_VALUE) { // only a damaged block (a snapshot file) holds one
          throw new IllegalArgumentException("count " + v + " out of [0; 2^31-1] in field " + f);
        }
        d.counts[at + f] = (int) v;
      }
    }
    if (in.get(1) != 0) {
      int e = (int) in.get(12) - EXPONENT_BIAS;
      long perArrival = in.get(1) != 0 ? in.varbits() : -1;
      RiceColumns.read(in, d.column, n);
      double step = Math.scalb(1.0, e);
      for (int j = 0; j < n; j++) {
        long steps = d.column[j];
        if (perArrival >= 0) {
          int arrivals = d.counts[d.offsets[j] * FIELDS + BucketSeries.ARRIVALS];
          steps =
              Math.max(
                  0,
                  RiceColumns.unzigzag(steps)
                      + predicted(arrivals, Math.min(perArrival, Integer.MAX_VALUE)));
        }
        double inflight = steps * step;
        if (!(inflight >= 0 && inflight <= 2 * HUGE)) { // NaN, infinite, negative: a damaged block
          throw new IllegalArgumentException("in-flight time " + inflight + " out of [0; 2^61]");
        }
        d.inflight[d.offsets[j]] = inflight;
      }
    }
    d.present = present;
    d.sampled = sampled;
    d.block = null;
    d.owner = null;
  }

  /**
   * The step exponent for a block whose largest in-flight time is {@code max} (>= {@link #TINY}):
   * {@code 2^e <= max * 2^-p < 2^(e+1)}. Values are at most {@code 2^(p+1) - 1} steps (the largest
   * may round down by up to one step instead of up to {@code 2^(p+1)}), so the decoded maximum has
   * the same exponent and selects the same step again.
   */
  static int stepExponent(double max, int precisionBits) {
    return Math.getExponent(max) - precisionBits;
  }
}
