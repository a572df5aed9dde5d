package io.prescale.app.shadow;

import io.prescale.core.time.Durations;
import io.prescale.simulator.report.Charts;
import io.prescale.simulator.report.Formats;
import io.prescale.simulator.report.FunctionNames;
import io.prescale.simulator.report.Headline;
import io.prescale.simulator.report.Palette;
import io.prescale.simulator.report.ReportPage;
import io.prescale.simulator.report.SvgChart;
import java.time.Duration;
import java.util.ArrayList;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * A {@link ShadowReport} as one self-contained {@link ReportPage} (inline CSS and SVG, nothing from
 * the network), read at 1400 px: the headline first, the key ratios (the platform's own numbers,
 * then prescale's and each baseline's against them), cold starts against instance-hours with one
 * marker per policy and the platform's in its fixed {@link Palette} style, the functions where
 * prescale would be worse in their own section, the per-function table (names shortened by {@link
 * FunctionNames}, the whole key on hover), what the numbers mean and the replay's parameters.
 */
final class LiveReportHtml {
  /** Rows of the per-function table; the rest are in report.json. */
  static final int MAX_ROWS = 500;

  /** Rows of the worse table. */
  static final int MAX_WORSE = 100;

  /** The palette name of what the platform itself did. */
  static final String PLATFORM = "platform";

  private static final String OBSERVED = "platform (observed)";

  private LiveReportHtml() {}

  static String write(ShadowReport r) {
    List<String> policies = List.copyOf(r.fleet().policies().keySet());
    List<String> names = new ArrayList<>();
    names.add(PLATFORM);
    names.addAll(policies);
    Palette palette = Palette.of(names);
    ReportPage page = new ReportPage("Prescale shadow report", subtitle(r));
    page.headline(headline(r, policies));
    if (r.functions().isEmpty() || policies.isEmpty()) {
      page.paragraph("No traffic was recorded for the report's functions in the window.");
    } else {
      Totals t = totals(r, policies);
      ratios(page, t, policies);
      page.section(
          "Cold starts against capacity",
          "Left: the window's totals, lower and further left is better. Right: each function's"
              + " cost, cold starts x the cold-start price plus instance-hours; above the"
              + " diagonal prescale would have cost more. Hover a point for its figures.");
      List<String> charts = new ArrayList<>();
      charts.add(chart(palette, t, policies).svg());
      SvgChart perFunction = perFunction(palette, r);
      if (!perFunction.isEmpty()) {
        charts.add(perFunction.svg());
      }
      page.charts(charts);
      worse(page, r);
      functions(page, r, policies);
    }
    page.section("What the numbers are", null);
    page.note(
        "Observed: the cold starts your platform reported (faas.coldstart spans, faas.coldstarts"
            + " metrics) and its instance-hours, from Knative's kn.revision.pods.count where"
            + " reported, else the distinct instances seen serving within"
            + " --shadow-instance-window before each tick (an estimate); only functions in"
            + " mode: shadow have instance-hours. The policies: the window's recorded arrivals"
            + " replayed through the simulator, exactly as the parameters' simulate command"
            + " replays the exported trace (prescale is the predictive decider shadow mode runs)."
            + " Ratios: the policy's figure over observed, below 1x is better.");
    page.section("Parameters", null);
    Map<String, String> params = new LinkedHashMap<>();
    r.parameters().forEach((k, v) -> params.put(k, parameter(v)));
    page.keyValues(params);
    return page.html();
  }

  /** The fleet's figures the ratios compare: instance-hours only where they were observed. */
  private record Totals(
      long observedCold,
      Double observedSeconds,
      Map<String, Long> cold,
      Map<String, Double> seconds,
      int functions,
      int observedFunctions) {
    boolean observedHours() {
      return observedSeconds != null;
    }

    boolean partial() {
      return observedFunctions > 0 && observedFunctions < functions;
    }
  }

  private static Totals totals(ShadowReport r, List<String> policies) {
    List<ShadowReport.Line> seen =
        r.functions().stream().filter(l -> l.observedInstanceSeconds() != null).toList();
    // instance-hours over the functions whose instances were observed (as the headline's)
    ShadowReport.Line hours = seen.isEmpty() ? r.fleet() : ReportText.fleet(seen, policies);
    Map<String, Long> cold = new LinkedHashMap<>();
    Map<String, Double> seconds = new LinkedHashMap<>();
    for (String p : policies) {
      ShadowReport.Figures all = r.fleet().policies().get(p);
      ShadowReport.Figures h = hours.policies().get(p);
      if (all != null) {
        cold.put(p, all.coldStarts());
        seconds.put(p, h == null ? 0 : h.instanceSeconds());
      }
    }
    return new Totals(
        r.fleet().observedColdStarts(),
        seen.isEmpty() ? null : hours.observedInstanceSeconds(),
        cold,
        seconds,
        r.functions().size(),
        seen.size());
  }

  private static String subtitle(ShadowReport r) {
    Map<String, Object> p = r.parameters();
    StringBuilder s = new StringBuilder();
    s.append(p.get("from")).append(" to ").append(p.get("to"));
    s.append(" (the last ").append(p.get("since")).append(')');
    s.append(" · platform ").append(p.get("platform"));
    s.append(" · ").append(Formats.count(r.functions().size()));
    s.append(r.functions().size() == 1 ? " function" : " functions");
    s.append(" · ").append(Formats.count(r.fleet().invocations())).append(" invocations");
    s.append(" · cold start ").append(p.get("coldStart"));
    s.append(" · seed ").append(p.get("seed"));
    return s.toString();
  }

  /**
   * The report's sentence, prescale against the baselines on the same arrivals, and how many
   * functions prescale would make worse.
   */
  private static List<String> headline(ShadowReport r, List<String> policies) {
    List<String> out = new ArrayList<>();
    out.add(r.headline());
    ShadowReport.Figures p = r.fleet().policies().get(ReportRequest.PRESCALE);
    List<Headline.Totals> baselines = new ArrayList<>();
    for (String name : policies) {
      ShadowReport.Figures f = r.fleet().policies().get(name);
      if (!name.equals(ReportRequest.PRESCALE) && f != null) {
        baselines.add(new Headline.Totals(name, f.coldStarts(), f.instanceSeconds()));
      }
    }
    if (p != null && !baselines.isEmpty() && r.fleet().invocations() > 0) {
      out.add(
          Headline.sentence(
              "On the same arrivals",
              new Headline.Totals(ReportRequest.PRESCALE, p.coldStarts(), p.instanceSeconds()),
              baselines));
    }
    if (!r.functions().isEmpty()) {
      int n = r.worse().size();
      out.add(
          n == 0
              ? "No function where prescale would have cost more than your platform did."
              : "prescale would have cost more for "
                  + Formats.count(n)
                  + " of "
                  + Formats.count(r.functions().size())
                  + " functions (named below).");
    }
    return out;
  }

  /** The key ratios: the platform's own figures, then each policy's against them. */
  private static void ratios(ReportPage page, Totals t, List<String> policies) {
    List<List<ReportPage.Cell>> rows = new ArrayList<>();
    rows.add(
        List.of(
            ReportPage.Cell.of(OBSERVED),
            ReportPage.Cell.of(Formats.count(t.observedCold())),
            ReportPage.Cell.of(""),
            ReportPage.Cell.of(t.observedHours() ? hours(t.observedSeconds()) : "not observed"),
            ReportPage.Cell.of("")));
    for (String p : policies) {
      if (!t.cold().containsKey(p)) {
        continue;
      }
      long cold = t.cold().get(p);
      double seconds = t.seconds().get(p);
      rows.add(
          List.of(
              ReportPage.Cell.of(p),
              ReportPage.Cell.of(Formats.count(cold)),
              new ReportPage.Cell(
                  Formats.ratio(cold, t.observedCold()),
                  Formats.count(cold) + " vs " + Formats.count(t.observedCold()) + " observed",
                  tone(cold, t.observedCold())),
              ReportPage.Cell.of(hours(seconds)),
              t.observedHours()
                  ? new ReportPage.Cell(
                      Formats.ratio(seconds, t.observedSeconds()),
                      hours(seconds) + " vs " + hours(t.observedSeconds()) + " observed",
                      tone(seconds, t.observedSeconds()))
                  : ReportPage.Cell.of("-")));
    }
    page.table(
        List.of(
            new ReportPage.Group("", 1),
            new ReportPage.Group("cold starts", 2),
            new ReportPage.Group("instance-hours", 2)),
        List.of("policy", "count", "x observed", "hours", "x observed"),
        rows,
        1);
    if (t.partial()) {
      page.note(
          "Instance-hours over the "
              + Formats.count(t.observedFunctions())
              + " of "
              + Formats.count(t.functions())
              + " functions in mode: shadow (the others' instances were not observed); cold"
              + " starts over all of them.");
    }
  }

  private static SvgChart chart(Palette palette, Totals t, List<String> policies) {
    SvgChart c =
        new SvgChart("Cold starts against instance-hours", Charts.WIDE, Charts.WIDE_HEIGHT)
            .x(SvgChart.Axis.of("instance-hours"))
            .y(SvgChart.Axis.of("cold starts"));
    if (t.observedHours()) {
      c.points(
          OBSERVED,
          palette.style(PLATFORM),
          List.of(point(OBSERVED, t.observedCold(), t.observedSeconds())));
    }
    for (String p : policies) {
      if (t.cold().containsKey(p)) {
        c.points(p, palette.style(p), List.of(point(p, t.cold().get(p), t.seconds().get(p))));
      }
    }
    return c;
  }

  /**
   * Each function's cost at the cold-start price, observed (x) against prescale's (y), in
   * instance-hours, with the diagonal where they are equal; only functions whose instances were
   * observed.
   */
  private static SvgChart perFunction(Palette palette, ShadowReport r) {
    double price = priceSeconds(r);
    SvgChart c =
        new SvgChart(
                "Cost per function, prescale against your platform",
                Charts.WIDE,
                Charts.WIDE_HEIGHT)
            .x(SvgChart.Axis.of("your platform's cost (instance-hours)"))
            .y(SvgChart.Axis.of("prescale's cost (instance-hours)"));
    List<SvgChart.Point> pts = new ArrayList<>();
    double lo = Double.POSITIVE_INFINITY;
    double hi = 0;
    List<ShadowReport.Line> fs = r.functions();
    for (ShadowReport.Line l : fs.subList(0, Math.min(MAX_ROWS, fs.size()))) {
      ShadowReport.Figures p = l.policies().get(ReportRequest.PRESCALE);
      if (p == null || l.observedInstanceSeconds() == null) {
        continue;
      }
      double observed = l.observedColdStarts() * price + l.observedInstanceSeconds();
      double would = p.coldStarts() * price + p.instanceSeconds();
      pts.add(
          new SvgChart.Point(
              observed / 3600,
              would / 3600,
              l.function()
                  + ": prescale "
                  + hours(would)
                  + " against "
                  + hours(observed)
                  + " instance-hours ("
                  + Formats.ratio(would, observed)
                  + ")"));
      for (double v : new double[] {observed / 3600, would / 3600}) {
        if (v > 0) {
          lo = Math.min(lo, v);
        }
        hi = Math.max(hi, v);
      }
    }
    if (pts.isEmpty() || hi <= 0) {
      return c;
    }
    c.line(
        "equal cost",
        Palette.DATA,
        List.of(new SvgChart.Point(lo, lo, null), new SvgChart.Point(hi, hi, null)));
    c.points(ReportRequest.PRESCALE, palette.style(ReportRequest.PRESCALE), pts);
    return c;
  }

  /** The cold-start price the report's worse list used, in seconds (0 when not stated). */
  private static double priceSeconds(ShadowReport r) {
    Duration price = Durations.parseOrNull(String.valueOf(r.parameters().get("coldStartPrice")));
    return price == null ? 0 : price.toNanos() / 1e9;
  }

  private static SvgChart.Point point(String name, long cold, double seconds) {
    return new SvgChart.Point(
        seconds / 3600,
        cold,
        name + ": " + Formats.count(cold) + " cold starts, " + hours(seconds) + " instance-hours");
  }

  /** The functions where prescale would have cost more, with how much more. */
  private static void worse(ReportPage page, ShadowReport r) {
    Duration price = Durations.parseOrNull(String.valueOf(r.parameters().get("coldStartPrice")));
    page.section(
        "Where prescale would be worse",
        r.worse().isEmpty()
            ? "None: for every function, prescale's cold starts x the cold-start price plus its"
                + " instance-hours come to no more than your platform's."
            : "Functions where prescale's cold starts x the cold-start price"
                + (price == null ? "" : " (" + Durations.format(price) + ")")
                + " plus its instance-hours come to more than your platform's; extra: the"
                + " difference, as instance time.");
    if (r.worse().isEmpty()) {
      return;
    }
    Map<String, ShadowReport.Line> byName = new LinkedHashMap<>();
    r.functions().forEach(l -> byName.put(l.function(), l));
    double priceSeconds = priceSeconds(r);
    List<List<ReportPage.Cell>> rows = new ArrayList<>();
    for (String f : r.worse().subList(0, Math.min(MAX_WORSE, r.worse().size()))) {
      ShadowReport.Line l = byName.get(f);
      ShadowReport.Figures p = l == null ? null : l.policies().get(ReportRequest.PRESCALE);
      if (p == null || l.observedInstanceSeconds() == null) {
        rows.add(List.of(name(f), dash(), dash(), dash(), dash(), dash(), dash()));
        continue;
      }
      double extra =
          p.coldStarts() * priceSeconds
              + p.instanceSeconds()
              - l.observedColdStarts() * priceSeconds
              - l.observedInstanceSeconds();
      rows.add(
          List.of(
              name(f),
              ReportPage.Cell.of(Formats.count(l.invocations())),
              ReportPage.Cell.of(Formats.count(l.observedColdStarts())),
              new ReportPage.Cell(
                  Formats.count(p.coldStarts()),
                  null,
                  tone(p.coldStarts(), l.observedColdStarts())),
              ReportPage.Cell.of(hours(l.observedInstanceSeconds())),
              new ReportPage.Cell(
                  hours(p.instanceSeconds()),
                  null,
                  tone(p.instanceSeconds(), l.observedInstanceSeconds())),
              new ReportPage.Cell(
                  // to the minute from 10 minutes on: 10h29m, not 10h29m4s
                  Formats.seconds(extra >= 600 ? Math.round(extra / 60) * 60.0 : extra),
                  null,
                  extra > 0 ? ReportPage.Tone.WORSE : ReportPage.Tone.NONE)));
    }
    page.table(
        List.of(
            new ReportPage.Group("", 2),
            new ReportPage.Group("cold starts", 2),
            new ReportPage.Group("instance-hours", 2),
            new ReportPage.Group("", 1)),
        List.of("function", "invocations", "observed", "prescale", "observed", "prescale", "extra"),
        rows,
        1);
    if (r.worse().size() > MAX_WORSE) {
      page.note(
          Formats.count(r.worse().size() - MAX_WORSE)
              + " more are named in report.json (\"worse\").");
    }
  }

  /** Per function: observed cold starts and instance-hours beside every policy's. */
  private static void functions(ReportPage page, ShadowReport r, List<String> policies) {
    page.section(
        "Functions",
        "Busiest first. In brackets: prescale's ratio to observed, green where better, red"
            + " where worse (hover a baseline's figure for its ratio). Hover a name for the whole"
            + " function key.");
    List<List<ReportPage.Cell>> rows = new ArrayList<>();
    List<ShadowReport.Line> fs = r.functions();
    for (ShadowReport.Line l : fs.subList(0, Math.min(MAX_ROWS, fs.size()))) {
      List<ReportPage.Cell> row = new ArrayList<>();
      row.add(name(l.function()));
      row.add(ReportPage.Cell.of(Formats.count(l.invocations())));
      row.add(ReportPage.Cell.of(Formats.count(l.observedColdStarts())));
      for (String p : policies) {
        ShadowReport.Figures f = l.policies().get(p);
        if (f == null) {
          row.add(dash());
        } else {
          boolean prescale = p.equals(ReportRequest.PRESCALE);
          String text = Formats.count(f.coldStarts());
          if (prescale && l.observedColdStarts() > 0) {
            text += " (" + Formats.ratio(f.coldStarts(), l.observedColdStarts()) + ")";
          }
          row.add(
              new ReportPage.Cell(
                  text,
                  prescale ? null : ratioTitle(f.coldStarts(), l.observedColdStarts()),
                  prescale ? tone(f.coldStarts(), l.observedColdStarts()) : ReportPage.Tone.NONE));
        }
      }
      Double seen = l.observedInstanceSeconds();
      row.add(ReportPage.Cell.of(seen == null ? "-" : hours(seen)));
      for (String p : policies) {
        ShadowReport.Figures f = l.policies().get(p);
        if (f == null) {
          row.add(dash());
        } else {
          boolean prescale = p.equals(ReportRequest.PRESCALE);
          String text = hours(f.instanceSeconds());
          if (prescale && seen != null && seen > 0) {
            text += " (" + Formats.ratio(f.instanceSeconds(), seen) + ")";
          }
          row.add(
              new ReportPage.Cell(
                  text,
                  prescale || seen == null ? null : ratioTitle(f.instanceSeconds(), seen),
                  prescale && seen != null
                      ? tone(f.instanceSeconds(), seen)
                      : ReportPage.Tone.NONE));
        }
      }
      rows.add(row);
    }
    List<String> head = new ArrayList<>(List.of("function", "invocations", "observed"));
    head.addAll(policies);
    head.add("observed");
    head.addAll(policies);
    page.table(
        List.of(
            new ReportPage.Group("", 2),
            new ReportPage.Group("cold starts", 1 + policies.size()),
            new ReportPage.Group("instance-hours", 1 + policies.size())),
        head,
        rows,
        1);
    if (fs.size() > MAX_ROWS) {
      page.note(Formats.count(fs.size() - MAX_ROWS) + " quieter functions are in report.json.");
    }
  }

  /** A baseline's ratio to observed, shown on hover (the table has room for prescale's only). */
  private static String ratioTitle(double policy, double observed) {
    return observed > 0 ? Formats.ratio(policy, observed) + " observed" : null;
  }

  /** The shortened name, the whole key on hover. */
  private static ReportPage.Cell name(String function) {
    return ReportPage.Cell.titled(FunctionNames.shorten(function), function);
  }

  private static ReportPage.Cell dash() {
    return ReportPage.Cell.of("-");
  }

  /** Below observed is better (green), above worse (red). */
  private static ReportPage.Tone tone(double policy, double observed) {
    return Headline.tone(policy, observed);
  }

  /**
   * Instance-seconds as instance-hours: two significant digits below 100 ({@code 0.052}, {@code
   * 13}), whole hours with separators from there ({@code 1,234}).
   */
  static String hours(double seconds) {
    double h = seconds / 3600;
    return h >= 100 ? Formats.count(Math.round(h)) : ReportText.number(h);
  }

  private static String parameter(Object v) {
    return v instanceof List<?> l
        ? String.join(", ", l.stream().map(String::valueOf).toList())
        : String.valueOf(v);
  }
}
