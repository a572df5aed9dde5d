package io.prescale.autoscaler.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.Random;
import org.junit.jupiter.api.Test;

class LinearTrendModelTest {

  @Test
  void extrapolatesAnExactLine() {
    LinearTrendModel m = new LinearTrendModel(30);
    for (int t = 0; t < 100; t++) {
      m.observe(3 + 2.0 * t);
    }
    assertEquals(3 + 2.0 * 100, m.forecast(1), 1e-6);
    assertEquals(3 + 2.0 * 109, m.forecast(10), 1e-6);
    assertEquals(2.0, m.slope(), 1e-9);
    assertEquals(0, m.errorStdDev(1), 1e-6);
  }

  @Test
  void slidingWindowForgetsTheOldSlopeAndSurvivesLongRuns() {
    LinearTrendModel m = new LinearTrendModel(20);
    Random r = new Random(7);
    for (int t = 0; t < 5000; t++) {
      m.observe(100 + r.nextGaussian());
    }
    for (int t = 0; t < 40; t++) {
      m.observe(100 + 5.0 * (t + 1));
    }
    assertEquals(5.0, m.slope(), 1e-6);
    assertEquals(100 + 5.0 * 41, m.forecast(1), 1e-6);
  }
}
