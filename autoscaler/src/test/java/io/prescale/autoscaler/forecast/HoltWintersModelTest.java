package io.prescale.autoscaler.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class HoltWintersModelTest {

  static double daily(int minute) {
    return 100 + 50 * Math.sin(2 * Math.PI * minute / 1440.0);
  }

  @Test
  void forecastsAPureDailySineWithinOnePercentOfTheAmplitude() {
    int days = 3;
    double[] y = new double[days * 1440];
    for (int t = 0; t < y.length; t++) {
      y[t] = daily(t);
    }
    HoltWintersModel m = new HoltWintersModel(1440);
    m.refit(y);
    for (int h = 1; h <= 240; h += 17) {
      assertEquals(daily(y.length - 1 + h), m.forecast(h), 0.5, "h = " + h);
    }
  }

  @Test
  void bobyqaFitBeatsTheStartingParametersOnANoisySeasonWithTrend() {
    Random r = new Random(3);
    int p = 24;
    double[] y = new double[p * 12];
    for (int t = 0; t < y.length; t++) {
      y[t] = 20 + 0.05 * t + 8 * Math.sin(2 * Math.PI * t / p) + r.nextGaussian();
    }
    double[] start = {0.9, 0.5, 0.9};
    double before = HoltWintersFit.sse(y, p, start[0], start[1], start[2]);
    double[] fitted = HoltWintersFit.fit(y, p, start);
    double after = HoltWintersFit.sse(y, p, fitted[0], fitted[1], fitted[2]);
    assertTrue(after < 0.5 * before, "sse " + before + " -> " + after);
    for (double v : fitted) {
      assertTrue(v >= 0.001 && v <= 0.999, "within bounds: " + v);
    }
    HoltWintersModel m = new HoltWintersModel(p);
    m.refit(y);
    int next = y.length;
    double expected = 20 + 0.05 * next + 8 * Math.sin(2 * Math.PI * next / p);
    assertEquals(expected, m.forecast(1), 3 * m.errorStdDev(1) + 0.5);
    assertEquals(1.0, m.errorStdDev(1), 0.4);
  }

  @Test
  void beforeTwoPeriodsTheForecastIsTheRunningMean() {
    HoltWintersModel m = new HoltWintersModel(10);
    for (int t = 0; t < 5; t++) {
      m.observe(t);
    }
    assertEquals(2.0, m.forecast(1), 1e-9);
  }
}
