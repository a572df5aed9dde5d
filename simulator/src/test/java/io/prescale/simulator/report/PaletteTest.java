package io.prescale.simulator.report;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.nio.file.Path;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** One colour and one marker per policy, whatever the page and wherever on it. */
class PaletteTest {
  private static final List<String> BUILT_IN =
      List.of(
          "prescale",
          "kpa",
          "hpa",
          "keda",
          "keepalive-10m",
          "keepalive-20m",
          "hybrid-histogram",
          "fixed",
          "off",
          "oracle",
          "oracle-keepalive",
          "config",
          "platform");

  @TempDir Path dir;

  @Test
  void builtInPoliciesLookTheSameInEveryPaletteAndNoTwoAlike() {
    Palette all = Palette.of(BUILT_IN);
    Palette some = Palette.of(List.of("kpa", "my-policy", "prescale"));
    assertEquals(all.style("kpa"), some.style("kpa"));
    assertEquals(all.style("prescale"), some.style("prescale"));
    Set<String> colours = new HashSet<>();
    for (String n : BUILT_IN) {
      assertTrue(colours.add(all.style(n).colour()), n + " shares a colour");
    }
    assertEquals(all.style("keepalive-10m"), all.style("keepalive"), "sweep curve of the family");
  }

  @Test
  void otherNamesTakeSpareStylesInOrderNeverABuiltInOne() {
    Palette p = Palette.of(List.of("mine", "yours", "kpa"));
    assertNotEquals(p.style("mine"), p.style("yours"));
    Set<Palette.Style> builtIn = new HashSet<>();
    Palette all = Palette.of(BUILT_IN);
    BUILT_IN.forEach(n -> builtIn.add(all.style(n)));
    assertTrue(!builtIn.contains(p.style("mine")) && !builtIn.contains(p.style("yours")));
    assertEquals(List.of("kpa", "mine", "yours"), p.names());
  }

  /** Every marker of the rendered report: its tooltip names the policy, its fill the colour. */
  @Test
  void everyChartOfARenderedReportDrawsAPolicyInItsOneColour() throws Exception {
    String html = ReportHtml.write(SmallReport.run(dir), SmallReport.MINUTES);
    Pattern marker =
        Pattern.compile(
            "<g><title>([a-z0-9-]+)(?: on | [a-zA-Z]+ = |, minutes )[^<]*</title>"
                + "<(?:circle|path)[^>]*(?:fill|stroke)=\"(#[0-9a-f]{6})\"");
    Matcher m = marker.matcher(html);
    Map<String, Set<String>> colours = new HashMap<>();
    int n = 0;
    while (m.find()) {
      colours.computeIfAbsent(m.group(1), k -> new HashSet<>()).add(m.group(2));
      n++;
    }
    assertTrue(n > 50, "markers found: " + n);
    assertTrue(
        colours.keySet().containsAll(List.of("prescale", "kpa", "keepalive-10m")), "" + colours);
    Palette p = Palette.of(BUILT_IN);
    Set<String> used = new HashSet<>();
    for (Map.Entry<String, Set<String>> e : colours.entrySet()) {
      assertEquals(Set.of(p.style(e.getKey()).colour()), e.getValue(), e.getKey());
      if (!e.getKey().equals("keepalive")) {
        assertTrue(used.add(e.getValue().iterator().next()), e.getKey() + " shares a colour");
      }
    }
  }
}
