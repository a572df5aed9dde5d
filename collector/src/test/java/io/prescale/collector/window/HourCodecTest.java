package io.prescale.collector.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

/** Round trips of sealed hour blocks: counts exact, in-flight within the stated relative error. */
class HourCodecTest {
  private static final int M = HourCodec.MINUTES;
  private static final int F = HourCodec.FIELDS;

  @Test
  void roundTripsRandomHoursOfEveryShape() {
    Random rnd = new Random(7);
    HourCodec.Decoded d = new HourCodec.Decoded();
    for (int trial = 0; trial < 5_000; trial++) {
      long present = switch (trial % 4) {
        case 0 -> HourCodec.ALL;                                  // every minute
        case 1 -> rnd.nextLong() & HourCodec.ALL;                 // about half: bit mask
        case 2 -> 1L << rnd.nextInt(M) | 1L << rnd.nextInt(M);    // fewer than 8: offsets
        default -> 0L;                                            // filled below
      };
      if (present == 0) {
        present = 1L << rnd.nextInt(M);
      }
      int[] counts = new int[M * F];
      double[] inflight = new double[M];
      int scale = switch (trial % 5) {
        case 0 -> 1;
        case 1 -> 30;
        case 2 -> 100_000;
        case 3 -> Integer.MAX_VALUE;
        default -> 0;
      };
      boolean smooth = rnd.nextBoolean();
      for (int m = 0; m < M; m++) {
        if ((present >>> m & 1) == 0) {
          continue;
        }
        for (int f = 0; f < F; f++) {
          counts[m * F + f] = scale == 0 ? 0 : smooth ? scale / 2 + m : rnd.nextInt(scale);
        }
        inflight[m] = switch (trial % 3) {
          case 0 -> rnd.nextDouble() * 60 * Math.pow(10, rnd.nextInt(7) - 3);
          case 1 -> 0.2;
          default -> rnd.nextInt(4) == 0 ? 0 : rnd.nextDouble();
        };
      }
      byte[] block = HourCodec.encode(present, counts, inflight);
      HourCodec.decode(block, d);
      assertEquals(present, d.present, "trial " + trial);
      for (int m = 0; m < M; m++) {
        for (int f = 0; f < F; f++) {
          assertEquals(counts[m * F + f], d.counts[m * F + f], "trial " + trial + " minute " + m);
        }
        assertEquals(inflight[m], d.inflight[m], inflight[m] * HourCodec.RELATIVE_ERROR,
            "trial " + trial + " minute " + m);
      }
    }
  }

  @Test
  void constantAndSparseHoursCostAFewBytes() {
    int[] counts = new int[M * F];
    double[] inflight = new double[M];
    for (int m = 0; m < M; m++) {
      counts[m * F + BucketSeries.ARRIVALS] = 1;
      counts[m * F + BucketSeries.COMPLETIONS] = 1;
      inflight[m] = 0.2;
    }
    assertTrue(HourCodec.encode(HourCodec.ALL, counts, inflight).length <= 16,
        "every minute alike: 1 + 5 columns of 2-3 bytes");
    assertTrue(HourCodec.encode(1L << 17, counts, inflight).length <= 18, "one minute");
  }

  @Test
  void quantizationIsExactForZeroAndShortMantissas() {
    for (double v : new double[] {0, 1, 60, 0.5, 0.25, 1536, 2047}) {
      assertEquals(v, HourCodec.dequantize(HourCodec.quantize(v)), 0);
    }
    assertEquals(0, HourCodec.dequantize(HourCodec.quantize(-1e-17)), 0);
    Random rnd = new Random(3);
    for (int i = 0; i < 100_000; i++) {
      double v = Math.exp(rnd.nextGaussian() * 10);
      double q = HourCodec.dequantize(HourCodec.quantize(v));
      assertTrue(Math.abs(q - v) <= v * HourCodec.RELATIVE_ERROR, v + " -> " + q);
      assertEquals(q, HourCodec.dequantize(HourCodec.quantize(q)), 0, "re-encoding is exact");
    }
  }
}
