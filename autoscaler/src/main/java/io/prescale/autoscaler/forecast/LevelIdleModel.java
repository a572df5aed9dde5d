package io.prescale.autoscaler.forecast;

import java.util.Arrays;

/**
 * Idle times per concurrency level: for each tracked level {@code k} (requests in flight), the
 * distribution of the gaps between the seconds in which concurrency reached at least {@code k}.
 * Level 1 is {@link IdleTimeModel} (the gaps between busy stretches); this model answers the same
 * question for the second, third, ... instance a burst needs: once concurrency fell below {@code
 * k}, how likely is it to reach {@code k} again within a window, given the time since it last did.
 * A timer that fans out to ten requests every hour has the same hourly rhythm at every level up to
 * ten; a busy function's rare peaks have long gaps at high levels.
 *
 * <p>Levels are tracked at {@link #LEVELS}, about {@code sqrt 2} apart (a level between two tracked
 * ones is within ~40 % of one; beyond 32 in flight the rate model's slots hold the load). Gaps go
 * into log-spaced bins, {@link #PER_OCTAVE} per doubling (each ~19 % wide, a timer's jitter of a
 * minute in ten still lands in one or two bins): {@code [0, 1)}, then {@code [2^((b-1)/4),
 * 2^(b/4))} seconds up to {@code 2^14} s (about the 4 h range of {@link IdleTimeModel}), plus one
 * out-of-range count. Counts are fixed-point in 16 bits and halved once a level's total passes
 * {@link IdleTimeModel#DECAY_AT} (the same memory as level 1). About 0.35 KiB of fixed arrays, plus
 * 130 bytes per level once a gap lands in its bins (at most ~1.5 KiB); the decider creates it only
 * when a function first runs two requests at once.
 */
public final class LevelIdleModel {
  /** Concurrency levels tracked (requests in flight). */
  public static final int[] LEVELS = {2, 3, 4, 6, 8, 12, 16, 24, 32};

  static final int PER_OCTAVE = 4;
  static final int BINS = 14 * PER_OCTAVE + 1;
  static final double MAX_SECONDS = Math.pow(2, (BINS - 1) / (double) PER_OCTAVE);
  private static final double[] EDGES = KeepAliveBudget.edges(BINS, LevelIdleModel::lower);
  private static final int SCALE = 64; // fixed point: 1 gap = 64, at most ~1023 gaps per bin
  private static final long NONE = Long.MIN_VALUE;

  private final char[][] counts = new char[LEVELS.length][];
  private final float[] outOfRange = new float[LEVELS.length];
  private final float[] total = new float[LEVELS.length];
  private final int[] recorded = new int[LEVELS.length];
  // highest bin with a count per level (-1: none): survival's tail sum stops there, as the bins
  // above it add nothing
  private final int[] top = new int[LEVELS.length];
  // per level, TAILS remembered tail sums of survival's loop (bin, value), invalidated by record:
  // a decision asks each level at the bins of age and age + horizon, which change slowly
  private static final int TAILS = 2;
  private final int[] tailBin = new int[LEVELS.length * TAILS];
  private final double[] tailSum = new double[LEVELS.length * TAILS];
  private final long[] lastAtLeast = new long[LEVELS.length];

  public LevelIdleModel() {
    Arrays.fill(lastAtLeast, NONE);
    Arrays.fill(top, -1);
    Arrays.fill(tailBin, -1);
  }

  /** Index of the lowest tracked level {@code >= k}, or {@code LEVELS.length} when none. */
  public static int indexAtLeast(int k) {
    for (int j = 0; j < LEVELS.length; j++) {
      if (LEVELS[j] >= k) {
        return j;
      }
    }
    return LEVELS.length;
  }

  /**
   * Concurrency reached {@code level} in second {@code second} (seconds in increasing order; only
   * seconds that reached at least {@code LEVELS[0]} need to be reported).
   */
  public void observe(long second, int level) {
    for (int j = 0; j < LEVELS.length && LEVELS[j] <= level; j++) {
      long last = lastAtLeast[j];
      if (last != NONE && second - last > 1) {
        record(j, second - last - 1);
      }
      if (last == NONE || second > last) {
        lastAtLeast[j] = second;
      }
    }
  }

  /** Records one gap (seconds) at tracked level index {@code j}. */
  void record(int j, double gapSeconds) {
    if (!(gapSeconds >= 0)) {
      return;
    }
    Arrays.fill(tailBin, j * TAILS, (j + 1) * TAILS, -1);
    if (gapSeconds >= MAX_SECONDS) {
      outOfRange[j]++;
    } else {
      if (counts[j] == null) {
        counts[j] = new char[BINS];
      }
      int b = bin(gapSeconds);
      counts[j][b] = (char) Math.min(Character.MAX_VALUE, counts[j][b] + SCALE);
      top[j] = Math.max(top[j], b);
    }
    total[j]++;
    recorded[j]++;
    if (total[j] > IdleTimeModel.DECAY_AT) {
      char[] c = counts[j];
      if (c != null) {
        top[j] = -1;
        for (int b = 0; b < BINS; b++) {
          c[b] = (char) (c[b] >> 1);
          if (c[b] != 0) {
            top[j] = b;
          }
        }
      }
      outOfRange[j] *= 0.5f;
      total[j] = mass(j);
    }
  }

  /** Gaps recorded at level index {@code j} since creation (not decayed). */
  public int recorded(int j) {
    return recorded[j];
  }

  /** The (decayed) number of gaps behind level index {@code j}'s probabilities. */
  public double weight(int j) {
    return total[j];
  }

  /**
   * Whole seconds since concurrency last reached {@code LEVELS[j]}, as of {@code nowSec}; NaN
   * before.
   */
  public double age(int j, long nowSec) {
    long last = lastAtLeast[j];
    return last == NONE ? Double.NaN : Math.max(0, nowSec - 1 - last);
  }

  /** {@code P(gap > x)} at level index {@code j}; 1 when nothing was recorded. */
  public double survival(int j, double x) {
    if (total[j] == 0 || x <= 0) {
      return 1;
    }
    if (x >= MAX_SECONDS) {
      return outOfRange[j] / total[j];
    }
    char[] c = counts[j];
    if (c == null) {
      return outOfRange[j] / total[j];
    }
    int b = bin(x);
    double above = tail(j, b, c);
    double lo = EDGES[b];
    double hi = EDGES[b + 1];
    above += c[b] / (double) SCALE * (hi - x) / (hi - lo);
    return Math.min(1, above / total[j]);
  }

  /** The out-of-range mass plus the bins above {@code b}, summed upwards (remembered). */
  private double tail(int j, int b, char[] c) {
    int at = j * TAILS;
    for (int k = at; k < at + TAILS; k++) {
      if (tailBin[k] == b) {
        return tailSum[k];
      }
    }
    // whole fixed-point counts: the sum is exact, then one rounding when the (halved, float)
    // out-of-range mass is added
    long sum = 0;
    for (int i = b + 1, last = top[j]; i <= last; i++) {
      sum += c[i];
    }
    double above = outOfRange[j] + sum / (double) SCALE;
    // replace the older entry: shift the newest down, write at the front
    System.arraycopy(tailBin, at, tailBin, at + 1, TAILS - 1);
    System.arraycopy(tailSum, at, tailSum, at + 1, TAILS - 1);
    tailBin[at] = b;
    tailSum[at] = above;
    return above;
  }

  /**
   * {@code P(concurrency reaches LEVELS[j] within (age, age + window] | not for age seconds)}, or
   * NaN when the histogram has (almost) no mass beyond {@code age}.
   */
  public double probabilityWithin(int j, double age, double window) {
    double s = survival(j, age);
    // as IdleTimeModel: the gaps of age's whole bin say whether such a gap was seen
    double seen = age < MAX_SECONDS ? survival(j, EDGES[bin(age)]) : s;
    if (seen * total[j] < 0.5 || !(s > 0)) {
      return Double.NaN;
    }
    return Math.max(0, Math.min(1, 1 - survival(j, age + window) / s));
  }

  /**
   * The price of a cold start (instance-seconds) at which holding the level's instance only at its
   * likeliest idle ages spends what a fixed {@code keepAlive} spends on it: the level's version of
   * {@link IdleTimeModel#budgetWeight} (bins in decreasing hazard until {@code ∫_0^keepAlive S(t)
   * dt} is spent; the inverse hazard of the last bin bought). NaN when the level has no binned gap.
   */
  public double budgetWeight(int j, double keepAlive) {
    char[] c = counts[j];
    if (c == null || total[j] == 0) {
      return Double.NaN;
    }
    double[] mass = new double[BINS];
    for (int b = 0; b < BINS; b++) {
      mass[b] = c[b] / (double) SCALE;
    }
    return KeepAliveBudget.price(EDGES, mass, outOfRange[j], keepAlive);
  }

  private float mass(int j) {
    float m = outOfRange[j];
    char[] c = counts[j];
    if (c != null) {
      for (int b = 0; b < BINS; b++) {
        m += c[b] / (float) SCALE;
      }
    }
    return m;
  }

  /** The bin holding {@code seconds}: the highest whose lower edge is {@code <= seconds}. */
  static int bin(double seconds) {
    if (seconds < 1) {
      return 0;
    }
    if (seconds >= MAX_SECONDS) {
      return BINS - 1;
    }
    if (Double.isNaN(seconds)) {
      return 1;
    }
    // edge 1 + 4e is exactly 2^e: the octave's first bin, then the octave's inner edges <= seconds
    int first = 1 + PER_OCTAVE * Math.getExponent(seconds);
    int b = first;
    for (int k = 1; k < PER_OCTAVE; k++) {
      b += EDGES[first + k] <= seconds ? 1 : 0;
    }
    return b;
  }

  static double lower(int bin) {
    return bin == 0 ? 0 : Math.pow(2, (bin - 1) / (double) PER_OCTAVE);
  }
}
