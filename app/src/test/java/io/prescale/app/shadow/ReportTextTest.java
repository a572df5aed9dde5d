package io.prescale.app.shadow;

import static org.junit.jupiter.api.Assertions.assertEquals;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The headline's sentence and how its numbers are written. */
class ReportTextTest {
  private static ShadowReport.Line line(
      long invocations, long cold, Double seen, long pCold, double pSeconds) {
    Map<String, ShadowReport.Figures> p = new LinkedHashMap<>();
    p.put("prescale", new ShadowReport.Figures(pCold, pSeconds));
    p.put("kpa", new ShadowReport.Figures(pCold * 2, pSeconds * 2));
    return new ShadowReport.Line("f", "f", invocations, cold, seen, p);
  }

  @Test
  void ratiosHaveTwoSignificantDigitsAndNoExponent() {
    assertEquals("0.42x", ReportText.ratio(42, 100));
    assertEquals("1.3x", ReportText.ratio(1.333333, 1));
    assertEquals("1300", ReportText.number(1333.3));
    assertEquals("0.0012", ReportText.number(0.0012345));
    assertEquals("0", ReportText.number(0));
  }

  @Test
  void theHeadlineSaysTheRatiosOrWhatCanBeSaid() {
    List<ShadowReport.Line> lines =
        List.of(line(100, 10, 1000.0, 4, 900), line(50, 0, null, 0, 100));
    ShadowReport.Line fleet = ReportText.fleet(lines, List.of("prescale", "kpa"));
    assertEquals(150, fleet.invocations());
    assertEquals(1000.0, fleet.observedInstanceSeconds());
    assertEquals(4, fleet.policies().get("prescale").coldStarts());
    assertEquals(2000.0, fleet.policies().get("kpa").instanceSeconds(), 1e-9);
    assertEquals(
        "prescale: 0.4x the cold starts at 0.9x the instance-hours of what your platform did",
        ReportText.headline(lines, List.of("prescale", "kpa")),
        "instance-hours only where observed: 900 / 1000");
    assertEquals(
        "prescale: 3 cold starts (your platform had none) of what your platform did;"
            + " instance-hours not observed (no function in shadow mode)",
        ReportText.headline(List.of(line(9, 0, null, 3, 10)), List.of("prescale")));
    assertEquals(
        "prescale: no traffic recorded in the window, nothing to compare",
        ReportText.headline(List.of(), List.of("prescale")));
  }
}
