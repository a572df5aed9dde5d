package io.prescale.autoscaler.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Random;
import org.junit.jupiter.api.Test;

class EwmaModelTest {

  @Test
  void followsAStepChange() {
    EwmaModel m = new EwmaModel(EwmaModel.DEFAULT_ALPHA);
    for (int i = 0; i < 100; i++) {
      m.observe(10);
    }
    assertEquals(10, m.forecast(1), 1e-9);
    int steps = 0;
    while (Math.abs(m.forecast(1) - 50) > 0.05 * 50) {
      m.observe(50);
      steps++;
    }
    // (1 - 0.3)^n * 40 <= 2.5  =>  n = 8
    assertEquals(8, steps);
    assertTrue(m.errorStdDev(1) > 0, "errors after the step are tracked");
  }

  @Test
  void refitPicksAFastAlphaForAStepAndASlowOneForNoise() {
    double[] step = new double[200];
    for (int i = 0; i < step.length; i++) {
      step[i] = i < 100 ? 10 : 50;
    }
    EwmaModel fast = new EwmaModel(0.3);
    fast.refit(step);
    assertEquals(0.9, fast.alpha(), 1e-9);
    assertEquals(50, fast.forecast(1), 1e-6);

    Random r = new Random(1);
    double[] noise = new double[500];
    for (int i = 0; i < noise.length; i++) {
      noise[i] = 20 + r.nextGaussian();
    }
    EwmaModel slow = new EwmaModel(0.3);
    slow.refit(noise);
    assertTrue(slow.alpha() <= 0.1, "alpha " + slow.alpha());
    assertEquals(20, slow.forecast(1), 0.5);
    assertEquals(1.0, slow.errorStdDev(1), 0.15);
  }
}
