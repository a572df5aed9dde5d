package io.prescale.simulator.report;

import io.prescale.simulator.engine.MinuteSeries;
import io.prescale.simulator.engine.RunResult;
import java.nio.file.Path;
import java.time.Instant;
import java.time.format.DateTimeParseException;
import java.time.temporal.ChronoUnit;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.LinkedHashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;

/**
 * {@code report.html}: one self-contained page ({@link ReportPage}: inline CSS and SVG, nothing
 * from the network). First the headline (prescale's cold starts and instance-hours as multiples of
 * each baseline's, per platform), then cold starts against capacity per platform (with the sweep
 * curves), the results, sweep and distance-to-oracle tables, arrivals and instances over time for
 * the busiest functions, and the run's parameters. One {@link Palette} styles every policy the same
 * in all of it.
 */
public final class ReportHtml {
  /** The policy the headline is about when it ran. */
  static final String SUBJECT = "prescale";

  private ReportHtml() {}

  /**
   * @param traceMinutes minutes of the trace (the busiest-function charts stop there)
   */
  public static String write(SimulationReport report, int traceMinutes) {
    List<RunResult> results = report.results();
    Set<String> platforms = new LinkedHashSet<>();
    List<String> names = new ArrayList<>();
    for (RunResult r : results) {
      platforms.add(r.platform());
      if (!names.contains(r.policy())) {
        names.add(r.policy());
      }
    }
    for (SweepPoint p : report.sweep()) {
      if (!names.contains(p.curve())) {
        names.add(p.curve());
      }
    }
    Palette palette = Palette.of(names);
    ReportPage page = new ReportPage("Prescale simulation: " + traceName(report), subtitle(report));
    page.headline(headline(results, platforms));
    comparison(page, results, platforms);
    page.legend(palette, names.stream().filter(n -> hasResult(results, n)).toList());
    page.section(
        "Cold starts against capacity",
        "Lower and further left is better. Hover a point for its figures."
            + (results.stream().anyMatch(r -> r.coldStarts() == 0)
                ? " On a log axis, no cold start at all (the oracle) sits on the bottom edge."
                : ""));
    List<String> tradeoffs = new ArrayList<>();
    for (String p : platforms) {
      tradeoffs.add(Charts.tradeoff(palette, p, results, report.sweep()).svg());
    }
    page.charts(tradeoffs);
    page.section("Results", null);
    page.textTable(ResultTable.HEAD, results.stream().map(ResultTable::cells).toList(), 2);
    page.note(
        "cold%: requests that found no warm instance; p75fn: the 75th-percentile function's"
            + " cold-start ratio; wait: arrival to execution start (cold start + queueing);"
            + " instance-s: instance-seconds, the capacity paid for.");
    if (!report.sweep().isEmpty()) {
      page.section("Sweep", "Each policy's main knob across its range (the lines in the charts).");
      page.textTable(SweepTable.HEAD, SweepTable.rows(report.sweep()), SweepTable.TEXT_COLUMNS);
    }
    if (!report.distances().isEmpty()) {
      page.section("Distance to the oracle", null);
      page.textTable(
          DistanceTable.HEAD, report.distances().stream().map(DistanceTable::cells).toList(), 2);
      page.note(
          "oracle: knows every arrival and duration, pre-warms each instance a cold-start"
              + " delay before it is needed: zero cold starts at the least instance-seconds. extra:"
              + " above oracle on the same platform. cost at price: cold starts x the cold-start"
              + " price + instance-seconds; x oracle: that over oracle's (1.000 is the limit;"
              + " on-demand no policy goes below it, on autoscaled a policy that makes requests"
              + " queue behind busy instances can, paying in wait instead).");
    }
    busiest(page, palette, report, platforms, traceMinutes);
    page.section("Parameters", null);
    Object note = report.parameters().get("placement note");
    if (note != null) {
      page.paragraph("How invocations were placed: " + note);
    }
    Map<String, String> params = new LinkedHashMap<>();
    report.parameters().forEach((k, v) -> params.put(k, parameter(k, v)));
    page.keyValues(params);
    return page.html();
  }

  /**
   * The offline limits know the future; they are not baselines to beat (their distance has its own
   * table).
   */
  private static boolean isLimit(RunResult r) {
    return r.policy().startsWith("oracle");
  }

  private static boolean hasResult(List<RunResult> results, String name) {
    return results.stream().anyMatch(r -> r.policy().equals(name));
  }

  private static String traceName(SimulationReport report) {
    Path p = Path.of(report.trace()).getFileName();
    return p == null ? report.trace() : p.toString();
  }

  private static String subtitle(SimulationReport report) {
    Map<String, Object> p = report.parameters();
    StringBuilder s = new StringBuilder(report.trace());
    if (p.get("functions") != null) {
      s.append(" · ").append(p.get("functions")).append(" functions");
    }
    if (p.get("plannedInvocations") instanceof Number n) {
      s.append(" · ").append(Formats.count(n.longValue())).append(" invocations");
    }
    if (p.get("traceStart") != null && p.get("traceEnd") != null) {
      s.append(" · ")
          .append(seconds(p.get("traceStart")))
          .append(" to ")
          .append(seconds(p.get("traceEnd")));
    }
    if (p.get("coldStart") != null) {
      s.append(" · cold start ").append(p.get("coldStart"));
    }
    if (p.get("seed") != null) {
      s.append(" · seed ").append(p.get("seed"));
    }
    return s.toString();
  }

  /** A parameter as people read it: the cold-start prices (seconds) as durations. */
  private static String parameter(String key, Object value) {
    if (key.equals("coldStartPrice") && value instanceof Map<?, ?> m) {
      List<String> out = new ArrayList<>();
      m.forEach(
          (platform, seconds) ->
              out.add(
                  platform
                      + " "
                      + (seconds instanceof Number n
                          ? Formats.seconds(n.doubleValue())
                          : String.valueOf(seconds))));
      return String.join(", ", out);
    }
    return String.valueOf(value);
  }

  /** An instant to the second ({@code 2021-01-31T00:29:54Z}); anything else as it is. */
  private static String seconds(Object instant) {
    try {
      return Instant.parse(instant.toString()).truncatedTo(ChronoUnit.SECONDS).toString();
    } catch (DateTimeParseException e) {
      return instant.toString();
    }
  }

  /** One sentence per platform: prescale against every other policy that ran there. */
  static List<String> headline(List<RunResult> results, Set<String> platforms) {
    List<String> out = new ArrayList<>();
    for (String platform : platforms) {
      RunResult subject = find(results, SUBJECT, platform);
      List<Headline.Totals> others = new ArrayList<>();
      for (RunResult r : results) {
        if (r.platform().equals(platform) && r != subject && !isLimit(r)) {
          others.add(totals(r));
        }
      }
      if (subject != null && !others.isEmpty()) {
        out.add(Headline.sentence(capitalized(platform), totals(subject), others));
      }
    }
    if (out.isEmpty()) {
      out.add(
          "No comparison: the headline compares "
              + SUBJECT
              + " with the other policies; run it with --policy "
              + SUBJECT
              + ",...");
    }
    return out;
  }

  /** The headline's ratios as a table, better figures green and worse red. */
  private static void comparison(ReportPage page, List<RunResult> results, Set<String> platforms) {
    List<List<ReportPage.Cell>> rows = new ArrayList<>();
    for (String platform : platforms) {
      RunResult s = find(results, SUBJECT, platform);
      if (s == null) {
        continue;
      }
      for (RunResult o : results) {
        if (o.platform().equals(platform) && o != s && !isLimit(o)) {
          rows.add(
              List.of(
                  ReportPage.Cell.of(platform),
                  ReportPage.Cell.of(o.policy()),
                  new ReportPage.Cell(
                      Formats.ratio(s.coldStarts(), o.coldStarts()),
                      Formats.count(s.coldStarts()) + " vs " + Formats.count(o.coldStarts()),
                      Headline.tone(s.coldStarts(), o.coldStarts())),
                  new ReportPage.Cell(
                      Formats.ratio(s.instanceSeconds(), o.instanceSeconds()),
                      Formats.count(Math.round(s.instanceSeconds() / 3600))
                          + " vs "
                          + Formats.count(Math.round(o.instanceSeconds() / 3600))
                          + " instance-hours",
                      Headline.tone(s.instanceSeconds(), o.instanceSeconds())),
                  new ReportPage.Cell(
                      Formats.millis(s.waitP99Ms()) + " vs " + Formats.millis(o.waitP99Ms()),
                      null,
                      Headline.tone(s.waitP99Ms(), o.waitP99Ms()))));
        }
      }
    }
    if (!rows.isEmpty()) {
      page.table(
          List.of("platform", SUBJECT + " against", "cold starts", "instance-hours", "wait p99"),
          rows,
          2);
    }
  }

  private static void busiest(
      ReportPage page,
      Palette palette,
      SimulationReport report,
      Set<String> platforms,
      int traceMinutes) {
    Set<String> functions = new LinkedHashSet<>();
    for (RunResult r : report.results()) {
      for (MinuteSeries s : r.series()) {
        functions.add(s.label());
      }
    }
    if (functions.isEmpty()) {
      return;
    }
    page.section(
        "Busiest functions",
        "Arrivals per minute and each policy's mean instances, per platform. Hover a name for"
            + " the full function key.");
    page.legend(palette, policiesWithSeries(report.results()));
    for (String f : functions) {
      page.subheading(FunctionNames.shorten(f), f);
      List<String> svgs = new ArrayList<>();
      SvgChart a = Charts.arrivals(f, report.results(), traceMinutes);
      if (a != null) {
        svgs.add(a.svg());
      }
      for (String p : platforms) {
        SvgChart c = Charts.instances(palette, f, p, report.results(), traceMinutes);
        if (c != null) {
          svgs.add(c.svg());
        }
      }
      page.charts(svgs);
    }
  }

  private static List<String> policiesWithSeries(List<RunResult> results) {
    List<String> out = new ArrayList<>();
    for (RunResult r : results) {
      if (!r.series().isEmpty() && !out.contains(r.policy())) {
        out.add(r.policy());
      }
    }
    return out;
  }

  private static RunResult find(List<RunResult> results, String policy, String platform) {
    for (RunResult r : results) {
      if (r.policy().equals(policy) && r.platform().equals(platform)) {
        return r;
      }
    }
    return null;
  }

  private static Headline.Totals totals(RunResult r) {
    return new Headline.Totals(r.policy(), r.coldStarts(), r.instanceSeconds());
  }

  private static String capitalized(String s) {
    return s.isEmpty() ? s : Character.toUpperCase(s.charAt(0)) + s.substring(1);
  }
}
