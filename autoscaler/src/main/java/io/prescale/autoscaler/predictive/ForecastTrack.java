package io.prescale.autoscaler.predictive;

import io.prescale.autoscaler.forecast.ForecastModel;
import io.prescale.autoscaler.forecast.ForecastModelProvider;
import io.prescale.autoscaler.forecast.ModelContext;
import io.prescale.autoscaler.forecast.ModelSelector;
import io.prescale.autoscaler.forecast.PeriodDetector;
import io.prescale.core.observe.Observation;
import java.util.List;

/**
 * One function's forecast of arrivals per minute: feeds each completed minute to a
 * {@link ModelSelector}, and runs the expensive work in staggered slots so that functions never
 * all refit in the same tick. A function's slots are offset by a hash of its key:
 * <ul>
 *   <li>every {@value #RESELECT_MINUTES} minutes: re-select the served model by backtest loss
 *       and refit one candidate model (round-robin) on the retained history;</li>
 *   <li>every {@value #PERIOD_MINUTES} minutes (half a cycle later): detect the period by FFT
 *       periodogram and rebuild the seasonal candidates when it changed.</li>
 * </ul>
 * History is read back from the observation (the collector's minute buckets), so the track
 * itself holds only model state.
 */
final class ForecastTrack {
  static final int RESELECT_MINUTES = 10;
  static final int PERIOD_MINUTES = 60;
  static final int MAX_HISTORY_MINUTES = 1440;
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
   * Feeds every minute completed up to {@code lastCompleteMinute} (catching up at most
   * {@value #MAX_HISTORY_MINUTES} minutes) and runs this function's maintenance slot if due.
   */
  void advance(Observation observation, long lastCompleteMinute, double quantile) {
    if (selector.quantile() != quantile) {
      selector.setQuantile(quantile);
    }
    if (lastCompleteMinute <= lastMinute) {
      return;
    }
    long first = firstMinute(observation, lastCompleteMinute);
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
      double[] history = history(observation, lastCompleteMinute);
      selector.refitNext(history);
      refits++;
      selector.reselect();
    }
    if (slot == PERIOD_SLOT) {
      detectPeriod(observation, lastCompleteMinute);
    }
  }

  private void detectPeriod(Observation observation, long lastCompleteMinute) {
    double[] history = history(observation, lastCompleteMinute);
    if (history.length < 2 * PeriodDetector.MIN_LENGTH) {
      return;
    }
    PeriodDetector.Result r = detector.detect(history, history.length / 2);
    int found = r.period();
    if (found != period && (found == 0 || history.length >= 2 * found + 2)) {
      period = found;
      selector.rebuild(new ModelContext(found, ModelContext.DEFAULT_WINDOW), history);
      selector.refitAll(history);
      selector.reselect();
    }
  }

  private static long firstMinute(Observation observation, long lastCompleteMinute) {
    int keep = Math.min(MAX_HISTORY_MINUTES, Math.max(1, observation.retainedMinutes()));
    long first = lastCompleteMinute - keep + 1;
    long firstSecond = observation.firstSecond();
    if (firstSecond != Observation.NONE) {
      first = Math.max(first, Math.floorDiv(firstSecond, 60));
    }
    return first;
  }

  /** Retained minute counts up to {@code lastCompleteMinute}, oldest first. */
  static double[] history(Observation observation, long lastCompleteMinute) {
    long first = firstMinute(observation, lastCompleteMinute);
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
