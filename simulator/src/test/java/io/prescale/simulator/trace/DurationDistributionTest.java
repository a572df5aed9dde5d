package io.prescale.simulator.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class DurationDistributionTest {
  private final double[] p = {0, 0.01, 0.25, 0.5, 0.75, 0.99, 1};
  private final double[] v = {10, 20, 100, 200, 400, 1000, 3000};

  @Test
  void inverseCdfIsPiecewiseLinearBetweenPercentiles() {
    DurationDistribution d = DurationDistribution.ofPercentiles(p, v);
    assertEquals(10, d.quantileMillis(0), 1e-9);
    assertEquals(200, d.quantileMillis(0.5), 1e-9);
    assertEquals(150, d.quantileMillis(0.375), 1e-9); // halfway between p25=100 and p50=200
    assertEquals(2000, d.quantileMillis(0.995), 1e-9); // halfway between p99=1000 and p100=3000
    assertEquals(3000, d.quantileMillis(1), 1e-9);
    assertEquals(150_000_000L, d.sampleNanos(0.375));
  }

  @Test
  void decreasingValuesAreRaisedToTheRunningMaximum() {
    DurationDistribution d =
        DurationDistribution.ofPercentiles(new double[] {0, 0.5, 1}, new double[] {5, 3, 9});
    assertEquals(5, d.quantileMillis(0.25), 1e-9);
    assertEquals(5, d.quantileMillis(0.5), 1e-9);
  }

  @Test
  void badTablesAreRefusedWithTheReason() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DurationDistribution.ofPercentiles(new double[] {0.01, 1}, new double[] {1, 2}));
    assertTrue(e.getMessage().contains("start at 0"), e.getMessage());
    e =
        assertThrows(
            IllegalArgumentException.class,
            () -> DurationDistribution.ofPercentiles(new double[] {0, 1}, new double[] {-1, 2}));
    assertTrue(e.getMessage().contains("-1.0"), e.getMessage());
  }
}
