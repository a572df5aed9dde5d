package io.prescale.autoscaler.predictive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.autoscaler.forecast.ForecastModel;
import io.prescale.autoscaler.forecast.ForecastModels;
import io.prescale.autoscaler.forecast.HoltWintersModelProvider;
import java.util.function.IntToDoubleFunction;
import org.junit.jupiter.api.Test;

/** Period detection as the decider runs it: minute by minute, then a day in 15-minute steps. */
class ForecastTrackPeriodTest {
  private static final long FIRST_MINUTE = 29_000_000L;
  private static final double Q = 0.99;

  @Test
  void findsADayOnceTwoDaysAreRetainedAndServesItsSeasonalModel() {
    MinuteObservation obs = poisson(4 * 1440, m -> 20 + 15 * Math.sin(2 * Math.PI * m / 1440.0), 1);
    ForecastTrack track = track();
    for (int m = 0; m < 2 * 1440; m++) {
      track.advance(obs, FIRST_MINUTE + m, Q);
    }
    assertEquals(0, track.period(), "two days cannot show a day twice with two minutes to start");
    for (int m = 2 * 1440; m < 4 * 1440; m++) {
      track.advance(obs, FIRST_MINUTE + m, Q);
    }
    assertEquals(1440, track.period(), 1440 * 0.01, "a day, to the PeriodDetectorTest's 1 %");
    assertTrue(track.selector().candidates().contains(HoltWintersModelProvider.NAME));
    assertTrue(
        Double.isFinite(track.selector().loss(HoltWintersModelProvider.NAME)),
        "holt-winters was backtested");
    // the seasonal fit knows where the day goes: the next trough and peak (true means 5 and 35)
    ForecastModel hw = track.selector().candidate(HoltWintersModelProvider.NAME);
    int next = 4 * 1440; // minute index of step 1
    int toTrough = Math.floorMod(1440 * 3 / 4 - next, 1440) + 1;
    int toPeak = Math.floorMod(1440 / 4 - next, 1440) + 1;
    assertEquals(5, hw.forecast(toTrough), 5, "trough");
    assertEquals(35, hw.forecast(toPeak), 5, "peak");
  }

  @Test
  void hourlyPeriodsStayTheMinutePasses() {
    MinuteObservation obs = poisson(2 * 1440, m -> 20 + 15 * Math.sin(2 * Math.PI * m / 60.0), 2);
    ForecastTrack track = track();
    for (int m = 0; m < 2 * 1440; m++) {
      track.advance(obs, FIRST_MINUTE + m, Q);
    }
    assertEquals(60, track.period(), 1, "the minute pass's answer, as before");
  }

  @Test
  void aTenHourPeriodPastTheMinutePassIsTheLongPasss() {
    MinuteObservation obs =
        poisson(3 * 1440 + 60, m -> 20 + 15 * Math.sin(2 * Math.PI * m / 600.0), 4);
    ForecastTrack track = track();
    for (int m = 0; m < obs.counts.length; m++) {
      track.advance(obs, FIRST_MINUTE + m, Q);
    }
    assertEquals(600, track.period(), 600 * 0.01);
  }

  @Test
  void noiseOverThreeDaysHasNoPeriod() {
    MinuteObservation obs = poisson(3 * 1440 + 60, m -> 20, 3);
    ForecastTrack track = track();
    for (int m = 0; m < obs.counts.length; m++) {
      track.advance(obs, FIRST_MINUTE + m, Q);
    }
    assertEquals(0, track.period());
  }

  private static ForecastTrack track() {
    return new ForecastTrack(ForecastModels.select(ForecastModels.DEFAULT_ORDER), Q, 7);
  }

  private static MinuteObservation poisson(int minutes, IntToDoubleFunction mean, long seed) {
    return MinuteObservation.poisson(FIRST_MINUTE, minutes, mean, seed);
  }
}
