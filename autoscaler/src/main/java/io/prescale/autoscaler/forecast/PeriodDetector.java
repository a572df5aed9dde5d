package io.prescale.autoscaler.forecast;

import java.util.Random;
import org.apache.commons.math3.transform.DftNormalization;
import org.apache.commons.math3.transform.FastFourierTransformer;
import org.apache.commons.math3.transform.TransformType;

/**
 * Finds the dominant period of a series by FFT periodogram (Commons Math {@link
 * FastFourierTransformer}) and keeps it only when it is significant: the peak power must beat the
 * largest peak of every one of {@code shuffles} randomly permuted copies of the series (a
 * permutation test: with 19 shuffles a period found in white noise survives with probability 1/20).
 * The periodogram's bin {@code k} only says the period lies between {@code n/(k+1)} and {@code
 * n/(k-1)}; the exact period is the lag of the highest autocorrelation in that range (the
 * AUTOPERIOD refinement of Vlachos et al.). A spike train (a timer) puts as much power on its
 * harmonics as on its fundamental, so up to {@value #CANDIDATES} significant peaks are refined,
 * with their multiples, and the shortest lag that autocorrelates within 10 % of the best wins.
 */
public final class PeriodDetector {
  /** The periodogram needs at least this many points. */
  public static final int MIN_LENGTH = 32;

  static final int CANDIDATES = 8;

  private final int shuffles;
  private final Random random;

  /**
   * @param shuffles permuted copies the peak must beat, {@code >= 1}
   * @param seed seed of the permutations (per function, so results are reproducible)
   */
  public PeriodDetector(int shuffles, long seed) {
    if (shuffles < 1) {
      throw new IllegalArgumentException("shuffles = " + shuffles + ", must be in [1; inf)");
    }
    this.shuffles = shuffles;
    this.random = new Random(seed);
  }

  /** Result: {@code period} in steps (0 = none), the peak power and the best shuffled peak. */
  public record Result(int period, double peakPower, double shuffledPeakPower) {
    public boolean found() {
      return period > 0;
    }
  }

  /**
   * The significant period of {@code series} (the last power-of-two many points are used), at most
   * {@code maxPeriod} and at most half their length; {@code period = 0} when none.
   */
  public Result detect(double[] series, int maxPeriod) {
    int n = Integer.highestOneBit(Math.max(1, series.length));
    if (n < MIN_LENGTH) {
      return new Result(0, 0, 0);
    }
    double[] x = new double[n];
    System.arraycopy(series, series.length - n, x, 0, n);
    double mean = 0;
    for (double v : x) {
      mean += v;
    }
    mean /= n;
    for (int i = 0; i < n; i++) {
      x[i] -= mean;
    }
    int minBin = Math.max(2, (int) Math.ceil((double) n / Math.max(2, Math.min(maxPeriod, n / 2))));
    double[] power = power(x);
    int peak = minBin;
    for (int k = minBin; k <= n / 2; k++) {
      if (power[k] > power[peak]) {
        peak = k;
      }
    }
    double peakPower = power[peak];
    if (!(peakPower > 0)) {
      return new Result(0, 0, 0);
    }
    double best = 0;
    double[] shuffled = x.clone();
    for (int s = 0; s < shuffles; s++) {
      shuffle(shuffled);
      double[] p = power(shuffled);
      for (int k = minBin; k <= n / 2; k++) {
        best = Math.max(best, p[k]);
      }
      if (best >= peakPower) {
        return new Result(0, peakPower, best);
      }
    }
    // candidate lags: each significant peak refined by autocorrelation, and its multiples
    // (the peak may be a harmonic of a spike train); the shortest lag whose autocorrelation is
    // within 10 % of the best wins (a multiple of the period correlates as well as the period)
    int maxLag = Math.min(maxPeriod, n / 2);
    double[] acf = new double[maxLag + 1];
    boolean[] candidate = new boolean[maxLag + 1];
    boolean[] used = new boolean[power.length];
    for (int c = 0; c < CANDIDATES; c++) {
      int k = -1;
      for (int j = minBin; j <= n / 2; j++) {
        if (!used[j] && power[j] > best && (k < 0 || power[j] > power[k])) {
          k = j;
        }
      }
      if (k < 0) {
        break;
      }
      used[k] = true;
      if (k > minBin) {
        used[k - 1] = true; // leakage of the same peak
      }
      if (k < n / 2) {
        used[k + 1] = true;
      }
      int lag = refine(x, n, k, maxPeriod);
      for (int m = 1; m * lag <= maxLag + 1 && m <= 8; m++) {
        for (int l = Math.max(2, m * lag - 1); l <= Math.min(maxLag, m * lag + 1); l++) {
          candidate[l] = true;
        }
      }
    }
    double bestAcf = Double.NEGATIVE_INFINITY;
    for (int l = 2; l <= maxLag; l++) {
      if (candidate[l]) {
        acf[l] = autocorrelation(x, n, l);
        bestAcf = Math.max(bestAcf, acf[l]);
      }
    }
    if (!(bestAcf > 0)) {
      return new Result(0, peakPower, best);
    }
    for (int l = 2; l <= maxLag; l++) {
      if (candidate[l] && acf[l] >= 0.9 * bestAcf) {
        return new Result(l, peakPower, best);
      }
    }
    return new Result(0, peakPower, best);
  }

  /**
   * The lag in {@code [lo, hi]} with the highest autocorrelation of {@code series} (mean removed):
   * a period found on a coarser series, made exact on the fine one.
   */
  public static int bestLag(double[] series, int lo, int hi) {
    int n = series.length;
    int from = Math.max(1, lo);
    int to = Math.min(hi, n - 1);
    if (from > to) {
      throw new IllegalArgumentException(
          "lags ["
              + lo
              + "; "
              + hi
              + "] for "
              + n
              + " points, must be within [1; "
              + (n - 1)
              + "]");
    }
    double mean = 0;
    for (double v : series) {
      mean += v;
    }
    mean /= n;
    double[] x = new double[n];
    for (int i = 0; i < n; i++) {
      x[i] = series[i] - mean;
    }
    return argmaxAutocorrelation(x, n, from, to, from);
  }

  /** The lag with the highest autocorrelation among the periods bin {@code k} may stand for. */
  private static int refine(double[] x, int n, int k, int maxPeriod) {
    int lo = Math.max(2, (int) Math.floor((double) n / (k + 1)));
    int hi = Math.min(Math.min(maxPeriod, n / 2), (int) Math.ceil((double) n / (k - 1)));
    return argmaxAutocorrelation(
        x, n, lo, hi, Math.max(lo, Math.min(hi, Math.round((float) n / k))));
  }

  /**
   * The lag in {@code [lo, hi]} with the highest autocorrelation; {@code none} when the range is
   * empty.
   */
  private static int argmaxAutocorrelation(double[] x, int n, int lo, int hi, int none) {
    int bestLag = none;
    double bestAcf = Double.NEGATIVE_INFINITY;
    for (int lag = lo; lag <= hi; lag++) {
      double acf = autocorrelation(x, n, lag);
      if (acf > bestAcf) {
        bestAcf = acf;
        bestLag = lag;
      }
    }
    return bestLag;
  }

  private static double autocorrelation(double[] x, int n, int lag) {
    double sum = 0;
    for (int i = lag; i < n; i++) {
      sum += x[i] * x[i - lag];
    }
    return sum / (n - lag);
  }

  private static double[] power(double[] x) {
    // Commons Math's in-place transform on (real, imaginary) arrays: the same arithmetic as
    // transform(double[]), without a Complex object per point
    double[][] spectrum = {x.clone(), new double[x.length]};
    FastFourierTransformer.transformInPlace(
        spectrum, DftNormalization.STANDARD, TransformType.FORWARD);
    double[] p = new double[x.length / 2 + 1];
    for (int k = 0; k < p.length; k++) {
      double re = spectrum[0][k];
      double im = spectrum[1][k];
      p[k] = re * re + im * im;
    }
    return p;
  }

  private void shuffle(double[] a) {
    for (int i = a.length - 1; i > 0; i--) {
      int j = random.nextInt(i + 1);
      double t = a[i];
      a[i] = a[j];
      a[j] = t;
    }
  }
}
