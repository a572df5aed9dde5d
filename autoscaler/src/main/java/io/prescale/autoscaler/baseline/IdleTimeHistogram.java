package io.prescale.autoscaler.baseline;

import io.prescale.core.observe.Observation;

/**
 * The hybrid histogram policy's per-function idle-time histogram (Shahrad et al., ATC'20): 1-minute
 * bins over 4 hours, plus an out-of-bounds (OOB) count for longer idle times, built from {@link
 * Observation#minuteArrivals(long)}, and the windows it yields.
 *
 * <p>One idle time per invocation, at minute resolution (the Azure traces the paper used are minute
 * counts too): when minute {@code m} has {@code c} arrivals and the previous minute with arrivals
 * was {@code p}, its first invocation records {@code m - p - 1} whole idle minutes (bin 0 for
 * consecutive busy minutes, bin 9 for a timer firing every 10 minutes) and the other {@code c - 1}
 * record idle times under a minute (bin 0).
 *
 * <p>Windows, as BASELINES.md section 5 states them:
 *
 * <ul>
 *   <li>no idle time yet: pre-warm 0, keep-alive 4 h (the paper's fallback to standard keep-alive);
 *   <li>OOB share >= 0.5: the next idle time IT is predicted by simple exponential smoothing of the
 *       idle-time series (alpha 0.5), which is the forecast of an ARIMA(0,1,1) model: our
 *       documented substitute for the paper's ARIMA; pre-warm {@code 0.85 IT}, keep-alive {@code
 *       0.30 IT};
 *   <li>coefficient of variation of the 240 bin counts {@code < 2}: pre-warm 0, keep-alive 4 h;
 *   <li>otherwise: pre-warm {@code head x 1 min x 0.9}, keep-alive {@code (tail + 1) x 1 min x
 *       1.1}, head/tail = the bins holding the 5th/99th percentile of in-bounds idle times.
 * </ul>
 */
final class IdleTimeHistogram {
  static final int BINS = 240;
  static final double SES_ALPHA = 0.5;
  private static final long NONE = Observation.NONE;

  enum Branch {
    NO_HISTORY,
    TIME_SERIES,
    NOT_REPRESENTATIVE,
    HISTOGRAM
  }

  private final long[] bins = new long[BINS];
  private long inBounds;
  private long outOfBounds;
  private double smoothedMinutes = Double.NaN;
  private long previousActiveMinute = NONE;
  private long lastMinuteRead = NONE;
  private boolean dirty = true;

  private Branch branch = Branch.NO_HISTORY;
  private double preWarmMinutes;
  private double keepAliveMinutes = BINS;
  private double cv = Double.NaN;

  /** Reads the minutes completed up to {@code lastComplete}; returns whether anything changed. */
  boolean advance(Observation obs, long lastComplete) {
    long from;
    if (lastMinuteRead == NONE) {
      long first = obs.firstSecond();
      if (first == NONE) {
        return false;
      }
      from =
          Math.max(
              Math.floorDiv(first, 60L), lastComplete - Math.max(1, obs.retainedMinutes()) + 1);
    } else {
      from = Math.max(lastMinuteRead + 1, lastComplete - Math.max(1, obs.retainedMinutes()) + 1);
    }
    boolean changed = false;
    for (long m = from; m <= lastComplete; m++) {
      long count = obs.minuteArrivals(m);
      if (count > 0) {
        if (previousActiveMinute != NONE && m > previousActiveMinute) {
          record(m - previousActiveMinute - 1);
        }
        if (count > 1) {
          recordWithinMinute(count - 1);
        }
        changed |= previousActiveMinute != NONE || count > 1;
        previousActiveMinute = m;
      }
    }
    if (lastComplete > lastMinuteRead || lastMinuteRead == NONE) {
      lastMinuteRead = lastComplete;
    }
    if (changed) {
      dirty = true;
    }
    return changed;
  }

  /** Adds one idle time of {@code minutes} whole minutes. */
  void record(long minutes) {
    if (minutes < BINS) {
      bins[(int) Math.max(0, minutes)]++;
      inBounds++;
    } else {
      outOfBounds++;
    }
    smoothedMinutes =
        Double.isNaN(smoothedMinutes)
            ? minutes
            : SES_ALPHA * minutes + (1 - SES_ALPHA) * smoothedMinutes;
    dirty = true;
  }

  /** Adds {@code n} idle times under one minute (invocations after the first in a busy minute). */
  void recordWithinMinute(long n) {
    bins[0] += n;
    inBounds += n;
    smoothedMinutes =
        Double.isNaN(smoothedMinutes)
            ? 0
            : Math.pow(1 - SES_ALPHA, Math.min(n, 64)) * smoothedMinutes;
    dirty = true;
  }

  /** Recomputes the windows if the histogram changed since the last call; true if it did. */
  boolean recompute() {
    if (!dirty) {
      return false;
    }
    dirty = false;
    long total = inBounds + outOfBounds;
    cv = Double.NaN;
    if (total == 0) {
      set(Branch.NO_HISTORY, 0, BINS);
      return true;
    }
    if (outOfBounds >= 0.5 * total) {
      set(Branch.TIME_SERIES, 0.85 * smoothedMinutes, 0.30 * smoothedMinutes);
      return true;
    }
    double mean = inBounds / (double) BINS;
    double squares = 0;
    for (long count : bins) {
      double d = count - mean;
      squares += d * d;
    }
    cv = Math.sqrt(squares / BINS) / mean;
    if (cv < 2) {
      set(Branch.NOT_REPRESENTATIVE, 0, BINS);
      return true;
    }
    int head = percentileBin(0.05);
    int tail = percentileBin(0.99);
    set(Branch.HISTOGRAM, head * 0.9, (tail + 1) * 1.1);
    return true;
  }

  /** The smallest bin whose cumulative count reaches {@code p} of the in-bounds idle times. */
  int percentileBin(double p) {
    double needed = p * inBounds;
    long cumulative = 0;
    for (int b = 0; b < BINS; b++) {
      cumulative += bins[b];
      if (cumulative >= needed && cumulative > 0) {
        return b;
      }
    }
    return BINS - 1;
  }

  private void set(Branch b, double preWarm, double keepAlive) {
    branch = b;
    preWarmMinutes = preWarm;
    keepAliveMinutes = keepAlive;
  }

  Branch branch() {
    return branch;
  }

  double preWarmMinutes() {
    return preWarmMinutes;
  }

  double keepAliveMinutes() {
    return keepAliveMinutes;
  }

  /** Coefficient of variation of the bin counts at the last recompute; NaN when not computed. */
  double cv() {
    return cv;
  }

  double outOfBoundsShare() {
    long total = inBounds + outOfBounds;
    return total == 0 ? 0 : outOfBounds / (double) total;
  }

  long idleTimes() {
    return inBounds + outOfBounds;
  }
}
