package io.prescale.autoscaler.predictive;

import static org.junit.jupiter.api.Assertions.assertEquals;

import org.junit.jupiter.api.Test;

class SignalsTest {

  private static String f(double v) {
    return Signals.fixed(new StringBuilder(), v).toString();
  }

  @Test
  void fixedDecimalsMatchRoundingToFourPlaces() {
    assertEquals("0", f(0));
    assertEquals("0.0123", f(0.0123));
    assertEquals("0.05", f(0.05));
    assertEquals("0.5", f(0.5));
    assertEquals("1.0007", f(1.00071));
    assertEquals("335.7317", f(335.73171));
    assertEquals("-2.25", f(-2.25));
    assertEquals("3", f(2.99999));
    assertEquals("NaN", f(Double.NaN));
  }
}
