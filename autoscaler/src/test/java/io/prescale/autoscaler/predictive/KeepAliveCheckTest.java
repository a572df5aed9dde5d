package io.prescale.autoscaler.predictive;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

/** The scores behind the keep-alive guard, by hand. */
class KeepAliveCheckTest {
  private static final double W = 600;
  private static final double K = 600;
  private static final double TICK = 2;

  @Test
  void aReleaseThatMetItsArrivalColdCostsAColdStartTheKeepAliveDidNotPay() {
    KeepAliveCheck c = new KeepAliveCheck();
    long t = 1000;
    c.tick(t, 1, 1, false, W, K, TICK); // busy
    for (int i = 1; i <= 10; i++) { // idle, one instance held for 20 s
      c.tick(t + 2 * i, 1, 0, true, W, K, TICK);
    }
    for (int i = 11; i <= 60; i++) { // released
      c.tick(t + 2 * i, 0, 0, true, W, K, TICK);
    }
    c.gapEnded(119); // an arrival after 119 idle seconds: the keep-alive held them all
    assertEquals(
        18 + 2 + W,
        c.ownScore(),
        1e-9,
        "idle held 9 tick intervals, then one more, and a cold start");
    assertEquals(119 + TICK, c.keepAliveScore(), 1e-9);
    assertTrue(c.worse());
  }

  @Test
  void aLongGapIsColdForBothAndTheShorterHoldWins() {
    KeepAliveCheck c = new KeepAliveCheck();
    long t = 5000;
    c.tick(t, 1, 1, false, W, K, TICK);
    c.tick(t + 2, 1, 0, true, W, K, TICK);
    c.tick(t + 4, 0, 0, true, W, K, TICK);
    for (int i = 3; i < 1000; i++) {
      c.tick(t + 2 * i, 0, 0, true, W, K, TICK);
    }
    c.gapEnded(1996);
    assertEquals(W + 2, c.ownScore(), 1e-9);
    assertEquals(W + K + TICK, c.keepAliveScore(), 1e-9);
    assertFalse(c.worse());
  }

  @Test
  void aPreWarmThatMetTheArrivalIsWarmAndGapsBeforeTheFirstTickAreNotScored() {
    KeepAliveCheck c = new KeepAliveCheck();
    c.gapEnded(300); // read from history before the decider ticked: not scored
    assertEquals(0, c.ownScore());
    assertEquals(0, c.keepAliveScore());
    long t = 100;
    c.tick(t, 0, 0, true, W, K, TICK);
    c.tick(t + 2, 0, 1, true, W, K, TICK); // the previous decision asked for one: a pre-warm
    c.gapEnded(1200);
    assertEquals(
        0, c.ownScore(), 1e-9, "no idle held while none was ready, and warm at the arrival");
    assertEquals(W + K + TICK, c.keepAliveScore(), 1e-9);
  }
}
