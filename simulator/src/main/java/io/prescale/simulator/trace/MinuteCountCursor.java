package io.prescale.simulator.trace;

import java.util.Arrays;
import java.util.SplittableRandom;

/**
 * One function's per-minute counts turned into arrivals minute by minute: only the current minute's
 * instants are held.
 */
final class MinuteCountCursor extends FunctionCursor {
  private static final long MINUTE = 60_000_000_000L;
  private static final double MINUTE_D = 60_000_000_000.0;

  private final long baseNanos;
  private final int[] minutes;
  private final int[] counts;
  private final DurationDistribution durations;
  private final SplittableRandom rng;
  private final Placement placement;
  private long[] buf = new long[8];
  private int bufLen;
  private int bufPos;
  private int minutePos = -1;

  /**
   * @param baseNanos start of minute offset 0
   * @param minutes minute offsets from base with a non-zero count, increasing
   * @param counts the counts of those minutes
   */
  MinuteCountCursor(
      int function,
      long baseNanos,
      int[] minutes,
      int[] counts,
      DurationDistribution durations,
      long seed,
      Placement placement) {
    super(function);
    this.baseNanos = baseNanos;
    this.minutes = minutes;
    this.counts = counts;
    this.durations = durations;
    this.rng = new SplittableRandom(seed);
    this.placement = placement;
  }

  @Override
  boolean advance() {
    while (bufPos >= bufLen) {
      if (++minutePos >= minutes.length) {
        return false;
      }
      fill(baseNanos + minutes[minutePos] * MINUTE, counts[minutePos]);
    }
    arrival = buf[bufPos++];
    duration = durations.sampleNanos(rng.nextDouble());
    return true;
  }

  private void fill(long minuteStart, int count) {
    bufPos = 0;
    bufLen = 0;
    if (placement == Placement.UNIFORM) {
      ensure(count);
      for (int i = 0; i < count; i++) {
        buf[i] = minuteStart + (long) (rng.nextDouble() * MINUTE_D);
      }
      bufLen = count;
      Arrays.sort(buf, 0, count);
    } else {
      double meanGap = MINUTE_D / count;
      double t = 0;
      while (true) {
        t += -Math.log(1.0 - rng.nextDouble()) * meanGap;
        if (t >= MINUTE_D) {
          break;
        }
        ensure(bufLen + 1);
        buf[bufLen++] = minuteStart + (long) t;
      }
    }
  }

  private void ensure(int n) {
    if (buf.length < n) {
      buf = Arrays.copyOf(buf, Math.max(n, buf.length * 2));
    }
  }
}
