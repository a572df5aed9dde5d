package io.prescale.simulator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class TicksTest {
  private static List<String> labels(Ticks.Axis a) {
    return a.ticks().stream().map(a::label).toList();
  }

  @Test
  void linearTicksAreNiceStepsThatCoverTheRange() {
    Ticks.Axis a = Ticks.linear(432.9, 464.5, 5);
    assertEquals(List.of("430", "440", "450", "460", "470"), labels(a));
    assertEquals(430, a.min());
    assertEquals(470, a.max());
    assertEquals(List.of("0", "0.2", "0.4", "0.6", "0.8", "1"), labels(Ticks.linear(0, 1, 5)));
    assertEquals(List.of("0", "2.5", "5", "7.5", "10", "12.5"), labels(Ticks.linear(0.1, 12.1, 5)));
  }

  @Test
  void noFloatingPointNoiseInLabels() {
    // the old report printed 1.444103904821629 and 0.521702776624654 as the only two ticks
    Ticks.Axis a = Ticks.linear(0.521702776624654, 1.444103904821629, 5);
    for (String l : labels(a)) {
      assertTrue(l.length() <= 4, l);
    }
    assertEquals(List.of("0.4", "0.6", "0.8", "1", "1.2", "1.4", "1.6"), labels(a));
    assertEquals("0.3", Ticks.label(0.1 + 0.2, 0.1));
    assertEquals("0.07", Ticks.label(0.07, 0.01));
  }

  @Test
  void largeValuesUseSeparatorsThenKAndM() {
    assertEquals("1,500", Ticks.label(1500, 500));
    assertEquals("25k", Ticks.label(25_000, 5000));
    assertEquals("2.5M", Ticks.label(2_500_000, 500_000));
    assertEquals("-10k", Ticks.label(-10_000, 5000));
  }

  @Test
  void logTicksEndOnOneTwoFiveAndFillShortRanges() {
    Ticks.Axis a = Ticks.log(0.093, 6.4);
    assertEquals(List.of("0.05", "0.1", "0.2", "0.5", "1", "2", "5", "10"), labels(a));
    Ticks.Axis wide = Ticks.log(3, 250_000);
    assertEquals(List.of("2", "10", "100", "1,000", "10k", "100k", "500k"), labels(wide));
    assertThrows(IllegalArgumentException.class, () -> Ticks.log(0, 10));
  }

  @Test
  void decadesDecideTheScale() {
    assertTrue(Ticks.spansDecades(0.1, 5.6));
    assertFalse(Ticks.spansDecades(432, 800));
    assertFalse(Ticks.spansDecades(0, 800));
  }

  @Test
  void busiestFunctionChartsAverageOverRoundBuckets() {
    assertEquals(1, Charts.bucket(30));
    assertEquals(1, Charts.bucket(120));
    assertEquals(5, Charts.bucket(480));
    assertEquals(15, Charts.bucket(1440));
  }

  @Test
  void aSingleValueGetsARangeAroundIt() {
    Ticks.Axis a = Ticks.linear(60, 60, 5);
    assertTrue(a.min() <= 60 && a.max() >= 60 && a.max() > a.min());
    assertTrue(Ticks.linear(0, 0, 5).max() > 0);
    assertThrows(IllegalArgumentException.class, () -> Ticks.linear(Double.NaN, 1, 5));
  }
}
