package io.prescale.autoscaler.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SeasonalNaiveModelTest {

  @Test
  void repeatsTheLastPeriod() {
    SeasonalNaiveModel m = new SeasonalNaiveModel(5);
    double[] pattern = {1, 4, 9, 16, 25};
    for (int t = 0; t < 23; t++) { // last value observed: t = 22, pattern[2]
      m.observe(pattern[t % 5]);
    }
    assertEquals(16, m.forecast(1), 0); // t = 23 -> pattern[3]
    assertEquals(25, m.forecast(2), 0);
    assertEquals(1, m.forecast(3), 0);
    assertEquals(16, m.forecast(6), 0); // wraps past one period
    assertEquals(0, m.errorStdDev(1), 0);
  }
}
