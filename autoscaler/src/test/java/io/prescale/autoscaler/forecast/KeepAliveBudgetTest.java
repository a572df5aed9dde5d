package io.prescale.autoscaler.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class KeepAliveBudgetTest {
  private static final double[] EDGES = {0, 10, 20, 30};

  @Test
  void buysTheLikeliestBinsUntilTheKeepAlivesSpendAndPricesTheLastOne() {
    // 4 gaps: 2 in [20, 30), 2 beyond. Spend per bin (instance-seconds): [0,10) and [10,20):
    // 10 x 4 = 40 each; [20,30): 10 x (2 + 2/2) = 30. A 20 s keep-alive spends 80. Only bin
    // [20,30) has a hazard (2 / 30); buying it spends 30 < 80 and nothing else can be bought, so
    // the price is its inverse hazard, 15 s
    assertEquals(15, KeepAliveBudget.price(EDGES, new double[] {0, 0, 2}, 2, 20), 1e-9);
    // gaps in [0,10) (hazard 2 / (10 x 3) = 1/15) and [20,30) (1 / (10 x 1.5) = 1/15 too): a 5 s
    // keep-alive spends 15 (half of the first bin's 30), which either bin alone covers: price 15
    double p = KeepAliveBudget.price(EDGES, new double[] {2, 0, 1}, 1, 5);
    assertEquals(15, p, 1e-9);
  }

  @Test
  void nothingToBuyOrNoKeepAliveIsNaN() {
    assertTrue(Double.isNaN(KeepAliveBudget.price(EDGES, new double[] {0, 0, 0}, 3, 20)));
    assertTrue(Double.isNaN(KeepAliveBudget.price(EDGES, new double[] {1, 1, 1}, 0, 0)));
  }

  @Test
  void edgesMustBoundEveryBin() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> KeepAliveBudget.price(new double[] {0, 10}, new double[] {1, 1}, 0, 20));
    assertTrue(e.getMessage().contains("edges = 2 for 2 bins"), e.getMessage());
  }
}
