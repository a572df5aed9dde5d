package io.prescale.autoscaler.forecast;

/**
 * Distribution of the idle time between consecutive arrivals of one function, for sparse functions
 * where a rate forecast says little ("about 0.1 per minute") but the gaps have a shape ("every 10
 * minutes"). Gaps are kept in a histogram of 1-second bins below one minute and 1-minute bins up to
 * {@value #MAX_SECONDS} s (the hybrid-histogram range of Shahrad et al.), plus one out-of-bounds
 * count. Counts decay (halve) once they sum past {@value #DECAY_AT}, so the model follows a
 * function whose rhythm changes. Only the tail sums are kept (the bins are their differences):
 * about 1.2 KiB per function.
 *
 * <p>The question a decider asks is {@link #probabilityWithin(double, double)}: given that {@code
 * age} seconds passed since the last arrival, how likely is the next one within {@code window}
 * seconds. That is the hazard the pre-warm and release decisions weigh against the cost of a warm
 * instance. Mass is spread uniformly inside a bin.
 */
public final class IdleTimeModel {
  public static final int SECOND_BINS = 60;
  public static final int MINUTE_BINS = 239;
  public static final double MAX_SECONDS = 60.0 * (MINUTE_BINS + 1);
  static final float DECAY_AT = 512f;
  private static final int BINS = SECOND_BINS + MINUTE_BINS;
  private static final double[] EDGES = KeepAliveBudget.edges(BINS, IdleTimeModel::lower);

  private long recorded;
  // mass of bins >= i, plus out-of-bounds: the tail sums survival reads, and the bins as their
  // differences (halving keeps them exact; at most DECAY_AT + 1 before a decay)
  private final float[] above = new float[BINS + 1];

  /** Records one idle gap in seconds ({@code >= 0}). */
  public void record(double gapSeconds) {
    if (!(gapSeconds >= 0)) {
      return;
    }
    int b = gapSeconds >= MAX_SECONDS ? BINS : bin(gapSeconds);
    for (int i = 0; i <= b; i++) {
      above[i]++;
    }
    recorded++;
    if (above[0] > DECAY_AT) {
      for (int i = 0; i <= BINS; i++) {
        above[i] *= 0.5f;
      }
    }
  }

  private double count(int b) {
    return above[b] - above[b + 1];
  }

  private double mass(int fromBin) {
    return above[fromBin];
  }

  /** Gaps recorded since creation (not decayed). */
  public long recorded() {
    return recorded;
  }

  /** Share of the (decayed) gaps beyond the histogram range. */
  public double outOfBoundsShare() {
    return above[0] == 0 ? 0 : above[BINS] / above[0];
  }

  /** {@code P(gap > x)}; 1 when nothing was recorded. */
  public double survival(double x) {
    if (above[0] == 0) {
      return 1;
    }
    if (x <= 0) {
      return 1;
    }
    if (x >= MAX_SECONDS) {
      return above[BINS] / above[0];
    }
    int b = bin(x);
    double lo = lower(b);
    double hi = lower(b + 1);
    double inside = count(b) * (hi - x) / (hi - lo);
    return (above[b + 1] + inside) / above[0];
  }

  /**
   * {@code P(next arrival within (age, age + window] | no arrival for age seconds)}, or NaN when
   * the histogram has (almost) no mass in {@code age}'s bin and beyond: the model has never seen a
   * gap that long and cannot say.
   */
  public double probabilityWithin(double age, double window) {
    double s = survival(age);
    // "seen a gap that long" counts the gaps of age's whole bin: near a bin's end its mass spread
    // uniformly is nearly spent, yet a timer whose gaps end there is due, not unknown
    double seen = age < MAX_SECONDS ? survival(lower(bin(age))) : s;
    if (seen * mass(0) < 0.5 || !(s > 0)) {
      return Double.NaN;
    }
    return Math.max(0, Math.min(1, 1 - survival(age + window) / s));
  }

  /** Quantile {@code q} of the gaps, seconds; NaN when nothing was recorded. */
  public double quantile(double q) {
    if (above[0] == 0) {
      return Double.NaN;
    }
    double target = q * mass(0);
    double cumulative = 0;
    for (int b = 0; b < BINS; b++) {
      double c = count(b);
      if (cumulative + c >= target && c > 0) {
        double frac = (target - cumulative) / c;
        return lower(b) + frac * (lower(b + 1) - lower(b));
      }
      cumulative += c;
    }
    return MAX_SECONDS;
  }

  /**
   * The first age (seconds since the last arrival) at which an arrival within {@code window}
   * becomes less likely than {@code threshold}: how long to keep an idle instance before the next
   * arrival is unlikely soon. Scans bin edges; {@link #MAX_SECONDS} when never.
   */
  public double releaseAge(double window, double threshold) {
    return releaseAge(window, threshold, 0, 0);
  }

  /**
   * As {@link #releaseAge(double, double)}, with the model's probability blended with a {@code
   * prior} probability worth {@code priorWeight} gaps (see {@link #blend}).
   */
  public double releaseAge(double window, double threshold, double prior, double priorWeight) {
    if (above[0] == 0 && priorWeight == 0) {
      return 0;
    }
    for (int b = 0; b <= BINS; b++) {
      double age = lower(b);
      double p = blend(probabilityWithin(age, window), prior, priorWeight);
      if (Double.isNaN(p) || p < threshold) {
        return age;
      }
    }
    return MAX_SECONDS;
  }

  /**
   * The first age at which the next arrival has become unlikely ({@code < epsilon}) to come before
   * {@code keepAlive} seconds of idleness: from then on an instance held until {@code keepAlive}
   * would most likely be released unused, so it may go at once (a pre-warm brings it back for the
   * arrival that follows). {@code keepAlive} when that never happens first: memoryless gaps keep
   * the full keep-alive.
   */
  public double unlikelyBefore(double keepAlive, double epsilon) {
    return unlikelyBefore(keepAlive, epsilon, 0, 0);
  }

  /**
   * As {@link #unlikelyBefore(double, double)}, shrunk towards a Poisson prior (see {@link
   * #releaseBeforeRewarm}).
   */
  public double unlikelyBefore(
      double keepAlive, double epsilon, double priorRate, double priorWeight) {
    if (above[0] == 0) {
      return keepAlive;
    }
    double sK = survival(keepAlive);
    for (int b = 0; b <= BINS; b++) {
      double age = lower(b);
      if (age >= keepAlive) {
        return keepAlive;
      }
      double sA = survival(age);
      double p = sA <= 0 ? 0 : 1 - sK / sA;
      p = blend(p, -Math.expm1(-Math.max(0, priorRate) * (keepAlive - age)), priorWeight);
      if (p < epsilon) {
        return age;
      }
    }
    return keepAlive;
  }

  /**
   * The first age at which letting an idle instance go pays, given a rhythm: from there the next
   * arrival is unlikely for a stretch ({@code P(arrival within window) < keepThreshold}) after
   * which it becomes likely enough to pre-warm again ({@code >= startThreshold}), and the
   * instance-seconds saved over the stretch, less the restart ({@code window}), exceed the expected
   * cold starts within it priced at {@code weight}. {@code maxAge} when no stretch pays before it
   * (memoryless gaps never become likelier with age).
   */
  public double releaseBeforeRewarm(
      double window, double keepThreshold, double startThreshold, double weight, double maxAge) {
    return releaseBeforeRewarm(window, keepThreshold, startThreshold, weight, maxAge, 0, 0);
  }

  /**
   * As {@link #releaseBeforeRewarm(double, double, double, double, double)}, with every probability
   * shrunk ({@link #blend}) towards a Poisson stream of {@code priorRate} per second weighing
   * {@code priorWeight} gaps, as the decider's own pre-warm decisions are: a hole in a histogram of
   * few gaps is then not a stretch where no arrival can come.
   */
  public double releaseBeforeRewarm(
      double window,
      double keepThreshold,
      double startThreshold,
      double weight,
      double maxAge,
      double priorRate,
      double priorWeight) {
    if (above[0] == 0) {
      return maxAge;
    }
    double pWindow = -Math.expm1(-Math.max(0, priorRate) * window);
    double release = -1;
    for (int b = 0; b <= BINS; b++) {
      double age = lower(b);
      if (age >= maxAge) {
        break;
      }
      double p = probabilityWithin(age, window);
      if (Double.isNaN(p)) {
        break;
      }
      p = blend(p, pWindow, priorWeight);
      if (release < 0 && p < keepThreshold) {
        release = age;
      } else if (release >= 0 && p >= startThreshold) {
        double sRelease = survival(release);
        double cold = sRelease <= 0 ? 0 : 1 - survival(age) / sRelease;
        cold = blend(cold, -Math.expm1(-Math.max(0, priorRate) * (age - release)), priorWeight);
        if (age - release - window > cold * weight) {
          return release;
        }
        release = -1; // this stretch does not pay; look for a later one
      }
    }
    return maxAge;
  }

  /**
   * The price of a cold start (instance-seconds) at which holding one idle instance only at the
   * idle ages where the next arrival is likeliest spends what a fixed {@code keepAlive} spends.
   *
   * <p>Holding over an idle age bin costs the instance-seconds {@code ∫ S(t) dt} over the bin (the
   * instance is idle there only while no arrival came) and saves the bin's mass of cold starts;
   * their ratio is the bin's hazard. A fixed keep-alive holds the bins below {@code keepAlive}
   * whatever their hazard and spends {@code ∫_0^keepAlive S(t) dt} per gap. Spending the same on
   * the bins in decreasing order of hazard saves at least as many cold starts; the hazard of the
   * last bin that budget reaches is the marginal cold starts saved per instance-second, and its
   * inverse the price that holds exactly those bins. NaN when nothing was recorded or no bin has a
   * hazard.
   */
  public double budgetWeight(double keepAlive) {
    if (above[0] == 0) {
      return Double.NaN;
    }
    double[] c = new double[BINS];
    for (int b = 0; b < BINS; b++) {
      c[b] = count(b);
    }
    return KeepAliveBudget.price(EDGES, c, mass(BINS), keepAlive);
  }

  /**
   * The model's probability shrunk towards {@code prior} (for example the rate model's), as if the
   * prior were {@code priorWeight} more gaps: {@code (n p + w prior) / (n + w)} with {@code n} the
   * (decayed) gaps seen. A histogram of a handful of gaps has holes a single next gap may fall
   * into; the shrinkage keeps those holes from reading as "never". The prior alone when the model
   * cannot say (NaN).
   */
  public double blend(double modelProbability, double prior, double priorWeight) {
    if (Double.isNaN(modelProbability)) {
      return priorWeight > 0 ? prior : Double.NaN;
    }
    double n = mass(0);
    return (n * modelProbability + priorWeight * prior) / (n + priorWeight);
  }

  private static int bin(double seconds) {
    if (seconds < SECOND_BINS) {
      return (int) seconds;
    }
    return Math.min(BINS - 1, SECOND_BINS - 1 + (int) (seconds / 60.0));
  }

  private static double lower(int bin) {
    if (bin <= SECOND_BINS) {
      return bin;
    }
    return 60.0 * (bin - SECOND_BINS + 1);
  }
}
