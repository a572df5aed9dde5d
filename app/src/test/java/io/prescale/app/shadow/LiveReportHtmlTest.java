package io.prescale.app.shadow;

import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The live report page's cases the rendered test does not reach: nothing to show, no hours. */
class LiveReportHtmlTest {
  private static final List<String> POLICIES = List.of("prescale", "kpa");

  private static Map<String, Object> parameters() {
    Map<String, Object> p = new LinkedHashMap<>();
    p.put("from", "2026-03-02T10:00:00Z");
    p.put("to", "2026-03-02T11:00:00Z");
    p.put("since", "1h");
    p.put("platform", "autoscaled");
    p.put("coldStart", "1s");
    p.put("seed", 1);
    p.put("policies", POLICIES);
    p.put("coldStartPrice", "1m30s");
    return p;
  }

  private static ShadowReport.Line line(String name, long cold, Double seen, long pCold) {
    Map<String, ShadowReport.Figures> p = new LinkedHashMap<>();
    p.put("prescale", new ShadowReport.Figures(pCold, 1800));
    p.put("kpa", new ShadowReport.Figures(pCold * 3, 3600));
    return new ShadowReport.Line(name, name, 100, cold, seen, p);
  }

  private static ShadowReport report(List<ShadowReport.Line> lines, List<String> worse) {
    return new ShadowReport(
        ReportText.headline(lines, POLICIES),
        parameters(),
        ReportText.fleet(lines, POLICIES),
        lines,
        worse);
  }

  @Test
  void noTrafficIsSaidWithoutChartsOrTables() {
    String html = LiveReportHtml.write(report(List.of(), List.of()));
    assertTrue(
        html.contains("prescale: no traffic recorded in the window, nothing to compare"), html);
    assertTrue(html.contains("No traffic was recorded"), html);
    assertFalse(html.contains("<svg class=\"chart\""), "no chart of nothing");
    assertTrue(html.contains("<th class=\"t\">coldStartPrice</th><td class=\"wrap\">1m30s"));
  }

  @Test
  void withoutObservedInstancesThePlatformHasNoPointAndNoHourRatio() {
    String html =
        LiveReportHtml.write(
            report(List.of(line("a", 10, null, 4), line("b", 5, null, 1)), List.of()));
    assertTrue(html.contains("<td>not observed</td>"), html);
    assertFalse(html.contains("<title>platform (observed):"), "no platform point without hours");
    assertTrue(html.contains("<title>prescale: 5 cold starts, 1 instance-hours</title>"), html);
    assertFalse(html.contains("Cost per function"), "no per-function cost without observed hours");
    assertTrue(html.contains("0.33x"), "cold starts 5 of 15 observed");
  }

  @Test
  void namesAreEscapedAndTheWorseTableSaysTheExtraAsADuration() {
    String evil = "shop/<script>alert(1)</script>";
    ShadowReport r =
        report(List.of(line(evil, 0, 1000.0, 2), line("ok", 9, 3600.0, 1)), List.of(evil));
    String html = LiveReportHtml.write(r);
    assertFalse(html.contains("<script>"), "escaped");
    assertTrue(html.contains("shop/&lt;script&gt;alert(1)&lt;/script&gt;"), html);
    // prescale: 2 x 90 s + 1800 s = 1980 s; observed 0 x 90 s + 1000 s: 980 s more, to the minute
    assertTrue(html.contains("<td class=\"worse\">16m</td>"), html);
    assertFalse(html.matches("(?s).*\\bPT[0-9].*"), "no ISO-8601 duration");
    int worse = html.indexOf("Where prescale would be worse");
    assertTrue(worse > 0 && html.indexOf("shop/&lt;script", worse) > worse);
    assertTrue(
        html.contains("<title>platform (observed): 9 cold starts, 1.3 instance-hours"), html);
  }
}
