package io.prescale.simulator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.util.LinkedHashSet;
import java.util.List;
import org.junit.jupiter.api.Test;

class HeadlineTest {
  @Test
  void oneSentenceWithEveryRatio() {
    assertEquals(
        "On-demand: prescale has 0.019x the cold starts of kpa at 1.5x its instance-hours;"
            + " 0.39x those of keepalive-10m at 0.93x.",
        Headline.sentence(
            "On-demand",
            new Headline.Totals("prescale", 362, 2_638_648),
            List.of(
                new Headline.Totals("kpa", 19_149, 1_784_063),
                new Headline.Totals("keepalive-10m", 935, 2_843_157))));
    assertThrows(
        IllegalArgumentException.class,
        () -> Headline.sentence("x", new Headline.Totals("a", 1, 1), List.of()));
  }

  @Test
  void theSimulatorHeadlineLeavesTheOraclesOut() {
    SimulationReport r = TableFixtures.report();
    List<String> h =
        ReportHtml.headline(r.results(), new LinkedHashSet<>(List.of("on-demand", "autoscaled")));
    assertEquals(
        List.of(
            "On-demand: prescale has 0.019x the cold starts of kpa at 1.5x its instance-hours."),
        h);
  }
}
