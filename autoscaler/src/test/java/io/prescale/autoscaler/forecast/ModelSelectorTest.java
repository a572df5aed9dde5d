package io.prescale.autoscaler.forecast;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.Arrays;
import java.util.List;
import java.util.Random;
import org.junit.jupiter.api.Test;

class ModelSelectorTest {
  private static final double Q = 0.9;

  private static ModelSelector run(double[] y, int period) {
    ModelSelector s =
        new ModelSelector(ForecastModels.select(List.of()), ModelContext.of(period), Q);
    double[] history = new double[0];
    for (int t = 0; t < y.length; t++) {
      s.observe(y[t]);
      if (t % 50 == 49) {
        history = Arrays.copyOf(y, t + 1);
        s.refitNext(history);
        s.reselect();
      }
    }
    s.refitAll(history);
    s.reselect();
    return s;
  }

  @Test
  void picksLinearTrendForATrend() {
    Random r = new Random(1);
    double[] y = new double[400];
    for (int t = 0; t < y.length; t++) {
      y[t] = 10 + 0.8 * t + r.nextGaussian();
    }
    assertEquals(LinearTrendModelProvider.NAME, run(y, 0).best().name());
  }

  @Test
  void picksASeasonalModelForASeason() {
    Random r = new Random(2);
    double[] y = new double[600];
    for (int t = 0; t < y.length; t++) {
      y[t] = 50 + 30 * Math.sin(2 * Math.PI * t / 30) + r.nextGaussian();
    }
    ModelSelector s = run(y, 30);
    String best = s.best().name();
    assertTrue(
        best.equals(HoltWintersModelProvider.NAME) || best.equals(SeasonalNaiveModelProvider.NAME),
        best + " losses " + s.candidates());
    assertTrue(s.loss(best) < s.loss(EwmaModelProvider.NAME) / 3);
  }

  @Test
  void picksEwmaForALevelWithSteps() {
    Random r = new Random(3);
    double[] y = new double[600];
    for (int t = 0; t < y.length; t++) {
      y[t] = (t / 100 % 2 == 0 ? 20 : 60) + 2 * r.nextGaussian();
    }
    ModelSelector s = run(y, 0);
    assertEquals(
        EwmaModelProvider.NAME,
        s.best().name(),
        "ewma " + s.loss("ewma") + " linear " + s.loss("linear-trend"));
  }

  @Test
  void seasonalModelsNeedAPeriodAndUnknownNamesAreNamed() {
    ModelSelector s = new ModelSelector(ForecastModels.select(List.of()), ModelContext.of(0), Q);
    assertEquals(List.of("ewma", "linear-trend"), s.candidates());
    IllegalArgumentException e =
        assertThrows(IllegalArgumentException.class, () -> ForecastModels.select(List.of("arima")));
    assertTrue(
        e.getMessage().contains("'arima'") && e.getMessage().contains("holt-winters"),
        e.getMessage());
    assertThrows(IllegalArgumentException.class, () -> s.setQuantile(1.0));
  }

  @Test
  void everyModelIsRegisteredByName() {
    assertEquals(
        List.of("ewma", "holt-winters", "linear-trend", "seasonal-naive"),
        ForecastModels.all().keySet().stream().sorted().toList());
  }
}
