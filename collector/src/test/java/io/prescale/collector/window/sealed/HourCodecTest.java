package io.prescale.collector.window.sealed;

import static org.junit.jupiter.api.Assertions.assertArrayEquals;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.Random;
import org.junit.jupiter.api.Test;

/** Round trips of sealed hour blocks: counts exact, in-flight within the stated error. */
class HourCodecTest {
  private static final int M = HourCodec.MINUTES;
  private static final int F = HourCodec.FIELDS;

  @Test
  void roundTripsRandomHoursOfEveryShape() {
    Random rnd = new Random(7);
    HourCodec.Decoded d = new HourCodec.Decoded();
    for (int trial = 0; trial < 20_000; trial++) {
      long present =
          switch (trial % 4) {
            case 0 -> HourCodec.ALL; // every minute
            case 1 -> rnd.nextLong() & HourCodec.ALL; // about half: bit mask
            case 2 -> 1L << rnd.nextInt(M) | 1L << rnd.nextInt(M); // few: offsets
            default -> 0L; // filled below
          };
      if (present == 0) {
        present = 1L << rnd.nextInt(M);
      }
      int[] counts = new int[M * F];
      double[] inflight = new double[M];
      int scale =
          switch (trial % 6) {
            case 0 -> 1;
            case 1 -> 30;
            case 2 -> 100_000;
            case 3 -> Integer.MAX_VALUE;
            case 4 -> -1; // Poisson-like around 20, outliers
            default -> 0;
          };
      int shape = rnd.nextInt(3);
      for (int m = 0; m < M; m++) {
        if ((present >>> m & 1) == 0) {
          continue;
        }
        for (int f = 0; f < F; f++) {
          counts[m * F + f] =
              switch (scale) {
                case 0 -> 0;
                case -1 ->
                    rnd.nextInt(200) == 0
                        ? Integer.MAX_VALUE - rnd.nextInt(3)
                        : 15 + rnd.nextInt(10);
                default ->
                    shape == 0 ? scale / 2 + m : shape == 1 ? scale - m % 2 : rnd.nextInt(scale);
              };
        }
        inflight[m] =
            switch (trial % 5) {
              case 0 -> rnd.nextDouble() * 60 * Math.pow(10, rnd.nextInt(7) - 3);
              case 1 -> 0.2;
              case 2 -> rnd.nextInt(40) == 0 ? 1e9 * rnd.nextDouble() : rnd.nextDouble() * 1e-6;
              case 3 -> rnd.nextInt(4) == 0 ? 0 : rnd.nextDouble();
              default -> rnd.nextInt(3) == 0 ? Double.MAX_VALUE : 1e18 / (1 + rnd.nextInt(3));
            };
      }
      int bits = trial % 2 == 0 ? HourCodec.FINE_BITS : HourCodec.COARSE_BITS;
      long sampled = trial % 7 == 0 ? rnd.nextLong() & present : 0;
      byte[] block = HourCodec.encode(present, sampled, counts, inflight, bits);
      HourCodec.decode(block, d);
      String at = "trial " + trial;
      assertEquals(present, d.present, at);
      assertEquals(sampled, d.sampled, at);
      assertArrayEquals(counts, d.counts, at);
      double max = 0;
      for (double v : inflight) {
        max = Math.max(max, Math.min(v, HourCodec.HUGE));
      }
      for (int m = 0; m < M; m++) {
        double v = Math.min(inflight[m], HourCodec.HUGE); // beyond 3.7e10 years: clamped
        assertTrue(
            Math.abs(d.inflight[m] - v) <= max * Math.scalb(1.0, -bits), at + " minute " + m);
        assertEquals(
            v > 0, d.inflight[m] > 0, at + " minute " + m + ": zero stays zero, positive positive");
      }
      double[] again = d.inflight.clone();
      HourCodec.decode(HourCodec.encode(present, sampled, d.counts.clone(), again, bits), d);
      assertArrayEquals(again, d.inflight, 0, at + ": re-encoding is exact");
    }
  }

  @Test
  void emptyAndZeroBlocksRoundTrip() {
    HourCodec.Decoded d = new HourCodec.Decoded();
    HourCodec.decode(HourCodec.encode(0, new int[M * F], new double[M]), d);
    assertEquals(0, d.present);
    HourCodec.decode(HourCodec.encode(1L << 59, new int[M * F], new double[M]), d);
    assertEquals(1L << 59, d.present);
    assertEquals(0, d.inflight[59], 0);
    double[] inflight = new double[M];
    inflight[3] = -1e-17; // rounding residue of a replaced sample
    inflight[4] = Double.NaN;
    HourCodec.decode(HourCodec.encode(HourCodec.ALL, new int[M * F], inflight), d);
    assertEquals(0, d.inflight[3], 0);
    assertEquals(0, d.inflight[4], 0);
  }

  @Test
  void inFlightFollowingArrivalsIsCodedAsDifferencesAndDecodesExactly() {
    Random rnd = new Random(5);
    int[] counts = new int[M * F];
    double[] inflight = new double[M];
    double[] noisy = new double[M];
    for (int m = 0; m < M; m++) {
      int a = poisson(rnd, 20);
      counts[m * F + BucketSeries.ARRIVALS] = a;
      counts[m * F + BucketSeries.COMPLETIONS] = a;
      inflight[m] = a * 0.25; // multiples of the step: exact
      noisy[m] = a * 0.2 + rnd.nextGaussian() * 0.9 + 3;
    }
    HourCodec.Decoded d = new HourCodec.Decoded();
    byte[] following = HourCodec.encode(HourCodec.ALL, counts, inflight);
    HourCodec.decode(following, d);
    assertArrayEquals(inflight, d.inflight, 0, "exact");
    int[] shuffled = counts.clone(); // same arrivals, in-flight unrelated to them: no gain
    for (int m = 0; m < M; m++) {
      shuffled[m * F + BucketSeries.ARRIVALS] = counts[((m * 37) % M) * F + BucketSeries.ARRIVALS];
      shuffled[m * F + BucketSeries.COMPLETIONS] = shuffled[m * F + BucketSeries.ARRIVALS];
    }
    assertTrue(
        following.length + 20 < HourCodec.encode(HourCodec.ALL, shuffled, inflight).length,
        "predicted from arrivals: " + following.length + " bytes");
    for (int bits : new int[] {HourCodec.FINE_BITS, HourCodec.COARSE_BITS}) {
      byte[] block = HourCodec.encode(HourCodec.ALL, 0, counts, noisy, bits);
      HourCodec.decode(block, d);
      byte[] again = HourCodec.encode(HourCodec.ALL, 0, d.counts, d.inflight, bits);
      assertArrayEquals(block, again, "re-encoding a decoded block is exact, " + bits + " bits");
      double max = Arrays.stream(noisy).max().orElseThrow();
      for (int m = 0; m < M; m++) {
        assertEquals(noisy[m], d.inflight[m], max * Math.scalb(1.0, -bits), "minute " + m);
      }
    }
    int[] huge = new int[M * F]; // arrivals and in-flight at the extremes: no overflow
    double[] large = new double[M];
    for (int m = 0; m < M; m += 2) {
      huge[m * F + BucketSeries.ARRIVALS] = m == 0 ? Integer.MAX_VALUE : 1;
      large[m] = m == 0 ? 1 : 1e9;
    }
    HourCodec.decode(HourCodec.encode(HourCodec.ALL, 0, huge, large, 40), d);
    for (int m = 0; m < M; m++) {
      assertEquals(large[m], d.inflight[m], 1e9 * Math.scalb(1.0, -40), "minute " + m);
    }
  }

  @Test
  void wholeAndHalfSecondsAreExact() {
    double[] inflight = new double[M];
    for (int m = 0; m < M; m++) {
      inflight[m] = new double[] {0, 1, 60, 0.5, 0.25, 59.5, 3}[m % 7];
    }
    HourCodec.Decoded d = new HourCodec.Decoded();
    HourCodec.decode(
        HourCodec.encode(HourCodec.ALL, 0, new int[M * F], inflight, HourCodec.FINE_BITS), d);
    assertArrayEquals(inflight, d.inflight, 0, "quarters below 60 s with fine bits");
    // coarse (5 bits): the step is 1 s below 64 s, so whole seconds are exact, the rest within
    // 2^-5 of the largest value (60 s)
    HourCodec.decode(
        HourCodec.encode(HourCodec.ALL, 0, new int[M * F], inflight, HourCodec.COARSE_BITS), d);
    for (int m = 0; m < M; m++) {
      double v = inflight[m];
      if (v == Math.rint(v)) {
        assertEquals(v, d.inflight[m], 0, "whole second " + v + " with coarse bits");
      } else {
        assertEquals(v, d.inflight[m], 60 * Math.scalb(1.0, -HourCodec.COARSE_BITS), "value " + v);
        assertTrue(d.inflight[m] > 0, "positive stays positive: " + v);
      }
    }
  }

  @Test
  void constantSparseAndBusyHoursAreSmall() {
    int[] counts = new int[M * F];
    double[] inflight = new double[M];
    for (int m = 0; m < M; m++) {
      counts[m * F + BucketSeries.ARRIVALS] = 1;
      counts[m * F + BucketSeries.COMPLETIONS] = 1;
      inflight[m] = 0.2;
    }
    assertTrue(
        HourCodec.encode(HourCodec.ALL, counts, inflight).length <= 8,
        "every minute alike: a few bits a column");
    assertTrue(HourCodec.encode(1L << 17, counts, inflight).length <= 10, "one minute");
    Random rnd = new Random(1);
    for (int m = 0; m < M; m++) {
      int a = poisson(rnd, 20);
      counts[m * F + BucketSeries.ARRIVALS] = a;
      counts[m * F + BucketSeries.COMPLETIONS] = a + (rnd.nextInt(10) == 0 ? 1 : 0);
      counts[m * F + BucketSeries.COLD] = poisson(rnd, 0.4);
      counts[m * F + BucketSeries.ERRORS] = poisson(rnd, 0.2);
      inflight[m] = a * 0.2 * (0.7 + 0.6 * rnd.nextDouble());
    }
    int fine = HourCodec.encode(HourCodec.ALL, 0, counts, inflight, HourCodec.FINE_BITS).length;
    int coarse = HourCodec.encode(HourCodec.ALL, 0, counts, inflight, HourCodec.COARSE_BITS).length;
    assertTrue(fine <= 60 * 22 / 8, "busy hour, fine: " + fine + " bytes"); // byte varints: ~180
    assertTrue(coarse <= fine - 60 * 3 / 8, "busy hour, coarse: " + coarse + " bytes");
  }

  @Test
  void riceColumnsRoundTripExtremes() {
    long[][] columns = {
      {0},
      {Long.MAX_VALUE},
      {0, Long.MAX_VALUE, 0, 1},
      {5, 5, 5},
      {1L << 62, 1, 1L << 62},
      {Integer.MAX_VALUE, 0, Integer.MAX_VALUE},
      {3, 4, 5, 6, 7, 8, 1_000_000_000_000L, 9},
    };
    for (long[] col : columns) {
      BitWriter out = new BitWriter(4);
      RiceColumns.write(out, col, col.length);
      RiceColumns.write(out, col, col.length);
      BitReader in = new BitReader(out.bytes());
      long[] back = new long[col.length];
      RiceColumns.read(in, back, col.length);
      assertArrayEquals(col, back);
      RiceColumns.read(in, back, col.length);
      assertArrayEquals(col, back, "a second column right after the first");
    }
  }

  private static int poisson(Random rnd, double mean) {
    int k = 0;
    for (double p = Math.exp(-mean), s = p, u = rnd.nextDouble(); u > s; ) {
      k++;
      p *= mean / k;
      s += p;
    }
    return k;
  }
}
