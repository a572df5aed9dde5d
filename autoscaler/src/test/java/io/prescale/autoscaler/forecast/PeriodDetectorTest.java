package io.prescale.autoscaler.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;

import java.util.Random;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.apache.commons.math3.random.Well19937c;
import org.junit.jupiter.api.Test;

class PeriodDetectorTest {

  @Test
  void findsTheDailyPeriodOfANoisyDailySine() {
    Random r = new Random(11);
    double[] y = new double[4 * 1440];
    for (int t = 0; t < y.length; t++) {
      y[t] = 100 + 50 * Math.sin(2 * Math.PI * t / 1440.0) + 5 * r.nextGaussian();
    }
    PeriodDetector.Result res = new PeriodDetector(19, 1).detect(y, 2000);
    assertEquals(1440, res.period(), 1440 * 0.01);
  }

  @Test
  void findsATenMinuteTimer() {
    double[] y = new double[480];
    for (int t = 0; t < y.length; t++) {
      y[t] = t % 10 == 3 ? 1 : 0;
    }
    assertEquals(10, new PeriodDetector(19, 2).detect(y, 240).period());
  }

  @Test
  void findsAnHourlyBurstInPoissonTraffic() {
    PoissonDistribution base = new PoissonDistribution(new Well19937c(5), 3, 1e-12, 10000);
    double[] y = new double[8 * 60];
    for (int t = 0; t < y.length; t++) {
      y[t] = base.sample() + (t % 60 < 5 ? 30 : 0);
    }
    assertEquals(60, new PeriodDetector(19, 3).detect(y, 240).period());
  }

  @Test
  void rejectsWhiteNoiseAndPoissonNoise() {
    Random r = new Random(12);
    double[] white = new double[1024];
    for (int t = 0; t < white.length; t++) {
      white[t] = r.nextGaussian();
    }
    assertFalse(new PeriodDetector(19, 4).detect(white, 512).found());
    PoissonDistribution p = new PoissonDistribution(new Well19937c(6), 2, 1e-12, 10000);
    double[] counts = new double[480];
    for (int t = 0; t < counts.length; t++) {
      counts[t] = p.sample();
    }
    assertFalse(new PeriodDetector(19, 5).detect(counts, 240).found());
  }

  @Test
  void tooShortOrConstantSeriesHaveNoPeriod() {
    assertFalse(new PeriodDetector(19, 1).detect(new double[20], 10).found());
    assertFalse(new PeriodDetector(19, 1).detect(new double[128], 64).found());
  }
}
