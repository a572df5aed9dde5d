package io.prescale.simulator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

/** Durations, ratios and names as reports write them. */
class FormatsTest {
  @Test
  void durationsAreWrittenLikeTheCommandLineReadsThem() {
    assertEquals("0s", Formats.millis(0));
    assertEquals("1s", Formats.millis(1000.447));
    assertEquals("1s305ms", Formats.millis(1304.6));
    assertEquals("250ms", Formats.millis(250));
    assertEquals("0.5ms", Formats.millis(0.5));
    assertEquals("10m", Formats.seconds(600));
    assertEquals("1h30m", Formats.seconds(5400));
    assertEquals("1m30s", Formats.seconds(90));
  }

  @Test
  void ratiosHaveTwoSignificantDigits() {
    assertEquals("0.019x", Formats.ratio(362, 19149));
    assertEquals("1.5x", Formats.ratio(2638648, 1784063));
    assertEquals("0.93x", Formats.ratio(1558482, 1672267));
    assertEquals("53x", Formats.ratio(19149, 362));
    assertEquals("0x", Formats.ratio(0, 5));
    assertEquals("1x", Formats.ratio(0, 0));
    assertEquals("inf", Formats.ratio(3, 0));
    assertEquals("339,657", Formats.count(339_657));
  }

  @Test
  void hashesAreShortenedAndReadableNamesKept() {
    assertEquals(
        "7b2c43a2…/e3cdb488…",
        FunctionNames.shorten(
            "7b2c43a2bc30f6bb438074df88b603d2cb982d3e7961de05270735055950a568/"
                + "e3cdb48830f66eb8689cc0223514569a69812b77e6611e3d59814fac0747bd2f"));
    assertEquals("shop/checkout", FunctionNames.shorten("shop/checkout"));
    assertEquals("default/resize", FunctionNames.shorten("default/resize"));
    String longName = "a-very-long-function-name-that-goes-on-and-on-forever";
    String s = FunctionNames.shorten("ns/" + longName);
    assertEquals("ns/" + longName.substring(0, 31) + "…", s);
    assertEquals("cafe", FunctionNames.shorten("cafe"), "short hex is a name, not a hash");
  }

  @Test
  void reportTextHasTheSweepWithDurationsAndNoIsoDurations() {
    // a report with results, the oracle's distance and sweep points of every knob kind
    SimulationReport r = TableFixtures.report();
    String text = ReportText.write(r);
    List<String> lines = text.lines().toList();
    assertTrue(lines.contains("sweep (each policy's main knob):"), text);
    assertTrue(
        lines.stream().anyMatch(l -> l.matches("keepalive +on-demand +keepAlive +10m +.*")), text);
    assertTrue(
        lines.stream().anyMatch(l -> l.matches("kpa +autoscaled +targetUtilization +0.7 +.*")),
        text);
    assertTrue(
        lines.stream().anyMatch(l -> l.matches("prescale +on-demand +coldStartBudget +0.005 .*")),
        text);
    assertTrue(text.contains("1s305ms"), "wait written as a duration: " + text);
    assertTrue(lines.stream().anyMatch(l -> l.matches("kpa +on-demand .* 10m .*")), text);
    assertFalse(text.contains("PT"), text);
    assertFalse(ReportJson.write(r).contains("\"PT"), "report.json");
    assertTrue(ReportJson.write(r).contains("\"valueText\" : \"10m\""));
  }
}
