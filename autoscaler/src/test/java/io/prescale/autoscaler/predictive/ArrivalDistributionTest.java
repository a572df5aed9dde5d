package io.prescale.autoscaler.predictive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.apache.commons.math3.distribution.PascalDistribution;
import org.apache.commons.math3.distribution.PoissonDistribution;
import org.junit.jupiter.api.Test;

class ArrivalDistributionTest {

  @Test
  void poissonQuantilesMatchCommonsMath() {
    for (double mu : new double[] {0.01, 0.3, 1, 4.5, 37, 199, 250, 3000}) {
      for (double q : new double[] {0.5, 0.9, 0.99, 0.999}) {
        int expected = new PoissonDistribution(mu).inverseCumulativeProbability(q);
        assertEquals(
            expected,
            ArrivalDistribution.quantile(mu, Double.POSITIVE_INFINITY, q),
            "mu " + mu + " q " + q);
      }
    }
    assertEquals(
        Math.exp(-2), ArrivalDistribution.probabilityNone(2, Double.POSITIVE_INFINITY), 1e-12);
  }

  @Test
  void negativeBinomialQuantilesMatchCommonsMathPascal() {
    for (int r : new int[] {1, 3, 20}) {
      for (double mu : new double[] {0.5, 5, 80, 400}) {
        double p = r / (r + mu);
        for (double q : new double[] {0.9, 0.99}) {
          int expected = new PascalDistribution(r, p).inverseCumulativeProbability(q);
          assertEquals(
              expected, ArrivalDistribution.quantile(mu, r, q), "r " + r + " mu " + mu + " q " + q);
        }
      }
    }
    assertEquals(Math.pow(3 / 5.0, 3), ArrivalDistribution.probabilityNone(2, 3), 1e-12);
  }

  @Test
  void overDispersionWidensTheQuantile() {
    int poisson = ArrivalDistribution.quantile(10, Double.POSITIVE_INFINITY, 0.99);
    int nb = ArrivalDistribution.quantile(10, 2, 0.99);
    assertEquals(18, poisson);
    assertEquals(true, nb > poisson + 10, "nb " + nb);
    assertEquals(0, ArrivalDistribution.quantile(0, 2, 0.99));
  }
}
