package io.prescale.autoscaler.predictive;

import io.prescale.autoscaler.forecast.ForecastModel;
import io.prescale.autoscaler.forecast.ForecastModelProvider;
import io.prescale.autoscaler.forecast.ModelContext;
import io.prescale.autoscaler.forecast.ModelSelector;
import io.prescale.autoscaler.forecast.PeriodDetector;
import io.prescale.core.observe.Observation;
import java.util.Arrays;
import java.util.List;

/**
 * One function's forecast of arrivals per minute: feeds each completed minute to a {@link
 * ModelSelector}, and runs the expensive work in staggered slots so that functions never all refit
 * in the same tick. A function's slots are offset by a hash of its key:
 *
 * <ul>
 *   <li>every {@value #RESELECT_MINUTES} minutes: re-select the served model by backtest loss and
 *       refit one candidate model (round-robin) on the retained history;
 *   <li>every {@value #PERIOD_MINUTES} minutes (half a cycle later): detect the period by FFT
 *       periodogram and rebuild the seasonal candidates when it changed. Periods up to {@value
 *       #MINUTE_PASS_MAX_PERIOD} minutes are sought minute by minute in the last day; when none is
 *       significant, longer ones (a day) in the last {@value #LONG_HISTORY_MINUTES} minutes summed
 *       into {@value #LONG_STEP_MINUTES}-minute steps, which keeps that periodogram smaller than
 *       the minute pass's. Seasonal models then fit and replay at least two periods and two minutes
 *       of history (Holt-Winters needs two periods to start).
 * </ul>
 *
 * History is read back from the observation (the collector's minute buckets), so the track itself
 * holds only model state.
 */
final class ForecastTrack {
  static final int RESELECT_MINUTES = 10;
  static final int PERIOD_MINUTES = 60;
  static final int MAX_HISTORY_MINUTES = 1440;

  /** Retained minutes the long-period pass reads: three days, so a day shows at least twice. */
  static final int LONG_HISTORY_MINUTES = 3 * 1440;

  /** The longest period the minute pass can see: half the periodogram's power-of-two length. */
  static final int MINUTE_PASS_MAX_PERIOD = Integer.highestOneBit(MAX_HISTORY_MINUTES) / 2;

  /** Step of the long-period pass, minutes. */
  static final int LONG_STEP_MINUTES = 15;

  static final int SHUFFLES = 19;

  /** Minute of the hour-long cycle for period detection: between two re-selection slots. */
  static final int PERIOD_SLOT = PERIOD_MINUTES / 2 + RESELECT_MINUTES / 2;

  private final ModelSelector selector;
  private final PeriodDetector detector;
  private final int offset;
  private long lastMinute = Long.MIN_VALUE;
  private long observed;
  private int period;
  private long refits;

  ForecastTrack(List<ForecastModelProvider> providers, double quantile, int keyHash) {
    this.selector = new ModelSelector(providers, ModelContext.of(0), quantile);
    this.detector = new PeriodDetector(SHUFFLES, keyHash);
    this.offset = Math.floorMod(keyHash, PERIOD_MINUTES);
  }

  /**
   * Feeds every minute completed up to {@code lastCompleteMinute} (catching up at most {@value
   * #MAX_HISTORY_MINUTES} minutes) and runs this function's maintenance slot if due.
   */
  void advance(Observation observation, long lastCompleteMinute, double quantile) {
    if (selector.quantile() != quantile) {
      selector.setQuantile(quantile);
    }
    if (lastCompleteMinute <= lastMinute) {
      return;
    }
    long first = firstMinute(observation, lastCompleteMinute, MAX_HISTORY_MINUTES);
    if (lastMinute != Long.MIN_VALUE) {
      first = Math.max(first, lastMinute + 1);
    }
    for (long m = first; m <= lastCompleteMinute; m++) {
      selector.observe(observation.minuteArrivals(m));
      observed++;
    }
    lastMinute = lastCompleteMinute;
    long slot = Math.floorMod(lastCompleteMinute + offset, (long) PERIOD_MINUTES);
    if (slot % RESELECT_MINUTES == 0) {
      double[] history = history(observation, lastCompleteMinute, fitMinutes());
      selector.refitNext(history);
      refits++;
      selector.reselect();
    }
    if (slot == PERIOD_SLOT) {
      detectPeriod(observation, lastCompleteMinute);
    }
  }

  private void detectPeriod(Observation observation, long lastCompleteMinute) {
    double[] history = history(observation, lastCompleteMinute, MAX_HISTORY_MINUTES);
    if (history.length < 2 * PeriodDetector.MIN_LENGTH) {
      return;
    }
    int found = detector.detect(history, history.length / 2).period();
    double[] longHistory = history;
    // none, or one at the edge of what the minute pass can see (a longer period's best lag in
    // range): the long pass says whether there is a longer one
    if ((found == 0 || found >= MINUTE_PASS_MAX_PERIOD - 2)
        && history.length == MAX_HISTORY_MINUTES) {
      longHistory = history(observation, lastCompleteMinute, LONG_HISTORY_MINUTES);
      int longer = longPeriod(longHistory);
      if (longer > 0) {
        found = longer;
      } else {
        longHistory = history;
      }
    }
    if (found != period && (found == 0 || longHistory.length >= 2 * found + 2)) {
      period = found;
      double[] fit = found == 0 ? history : tail(longHistory, fitMinutes());
      selector.rebuild(new ModelContext(found, ModelContext.DEFAULT_WINDOW), fit);
      selector.refitAll(fit);
      selector.reselect();
    }
  }

  /**
   * A period longer than the minute pass reaches, in whole minutes: the series summed into {@value
   * #LONG_STEP_MINUTES}-minute steps (the latest steps complete), its period in steps times the
   * step; 0 when none, or when the steps cannot show a period twice.
   */
  private int longPeriod(double[] minutes) {
    int steps = minutes.length / LONG_STEP_MINUTES;
    if (steps < 2 * PeriodDetector.MIN_LENGTH) {
      return 0;
    }
    double[] coarse = new double[steps];
    int from = minutes.length - steps * LONG_STEP_MINUTES;
    for (int i = 0; i < steps; i++) {
      double sum = 0;
      for (int j = 0; j < LONG_STEP_MINUTES; j++) {
        sum += minutes[from + i * LONG_STEP_MINUTES + j];
      }
      coarse[i] = sum;
    }
    int p = detector.detect(coarse, steps / 2).period();
    // only what the minute pass could not see: shorter periods are its to find
    if (p * LONG_STEP_MINUTES <= MINUTE_PASS_MAX_PERIOD) {
      return 0;
    }
    // a step's period is good to a step or two (the detector prefers the shortest lag that
    // autocorrelates nearly as well); the minutes say which minute
    int exact =
        PeriodDetector.bestLag(minutes, (p - 2) * LONG_STEP_MINUTES, (p + 2) * LONG_STEP_MINUTES);
    return minutes.length >= 2 * exact + 2 ? exact : 0;
  }

  /** Minutes the models fit and replay: a day, or two periods and two minutes when longer. */
  private int fitMinutes() {
    return Math.max(MAX_HISTORY_MINUTES, 2 * period + 2);
  }

  private static double[] tail(double[] a, int n) {
    return a.length <= n ? a : Arrays.copyOfRange(a, a.length - n, a.length);
  }

  private static long firstMinute(
      Observation observation, long lastCompleteMinute, int maxMinutes) {
    int keep = Math.min(maxMinutes, Math.max(1, observation.retainedMinutes()));
    long first = lastCompleteMinute - keep + 1;
    long firstSecond = observation.firstSecond();
    if (firstSecond != Observation.NONE) {
      first = Math.max(first, Math.floorDiv(firstSecond, 60));
    }
    return first;
  }

  /** Retained minute counts up to {@code lastCompleteMinute}, oldest first, at most a day. */
  static double[] history(Observation observation, long lastCompleteMinute) {
    return history(observation, lastCompleteMinute, MAX_HISTORY_MINUTES);
  }

  /**
   * Retained minute counts up to {@code lastCompleteMinute}, oldest first, at most {@code
   * maxMinutes}.
   */
  static double[] history(Observation observation, long lastCompleteMinute, int maxMinutes) {
    long first = firstMinute(observation, lastCompleteMinute, maxMinutes);
    int n = (int) Math.max(0, lastCompleteMinute - first + 1);
    double[] h = new double[n];
    for (int i = 0; i < n; i++) {
      h[i] = observation.minuteArrivals(first + i);
    }
    return h;
  }

  ForecastModel model() {
    return selector.best();
  }

  ModelSelector selector() {
    return selector;
  }

  int period() {
    return period;
  }

  long observed() {
    return observed;
  }

  long refits() {
    return refits;
  }
}
