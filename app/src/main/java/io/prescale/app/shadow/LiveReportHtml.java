package io.prescale.app.shadow;

import java.util.List;
import java.util.Map;

/**
 * A {@link ShadowReport} as one self-contained page (no script, no network): the headline first,
 * the functions where Prescale would be worse named, then the fleet and per-function tables of cold
 * starts and instance-hours, observed against every replayed policy. Long names (hashes) are
 * shortened, with the whole name in the tooltip.
 */
final class LiveReportHtml {
  static final int MAX_ROWS = 500;

  private LiveReportHtml() {}

  static String write(ShadowReport r) {
    StringBuilder b = new StringBuilder(16_384);
    b.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Prescale shadow report</title><style>")
        .append("body{font:14px/1.4 system-ui,sans-serif;margin:24px;max-width:1350px;color:#222}")
        .append(
            "h1{font-size:22px;margin:0 0 8px}table{border-collapse:collapse;margin:8px 0 24px}")
        .append("th,td{padding:4px 10px;border-bottom:1px solid #ddd;text-align:right}")
        .append("th:first-child,td:first-child{text-align:left}.worse{color:#b00020}")
        .append(".muted{color:#666}</style></head><body>\n");
    b.append("<h1 id=\"headline\">").append(esc(r.headline())).append("</h1>\n");
    Map<String, Object> p = r.parameters();
    b.append("<p class=\"muted\">")
        .append(esc(p.get("from") + " to " + p.get("to") + " (" + p.get("since") + "), platform "))
        .append(esc(p.get("platform") + ", cold start " + p.get("coldStart") + ", seed "))
        .append(esc(p.get("seed") + "; replayed as: " + p.get("simulate")))
        .append("</p>\n");
    if (r.worse().isEmpty()) {
      b.append("<p>No function where prescale would have cost more than your platform.</p>\n");
    } else {
      b.append("<p class=\"worse\">prescale would be worse for ")
          .append(r.worse().size())
          .append(r.worse().size() == 1 ? " function: " : " functions: ");
      for (int i = 0; i < r.worse().size() && i < 50; i++) {
        b.append(i == 0 ? "" : ", ").append(name(r.worse().get(i)));
      }
      b.append(r.worse().size() > 50 ? ", ..." : "").append("</p>\n");
    }
    b.append("<p class=\"muted\">Observed: the cold starts your platform reported; its")
        .append(" instance-hours from Knative's kn.revision.pods.count where reported, else the")
        .append(" instances seen serving within --shadow-instance-window (an estimate), for")
        .append(" functions in mode: shadow. The policies: the recorded arrivals replayed through")
        .append(" the simulator. In brackets: the ratio to observed.</p>\n");
    List<String> policies = List.copyOf(r.fleet().policies().keySet());
    b.append("<h2>Fleet</h2>\n");
    table(b, List.of(r.fleet()), policies);
    b.append("<h2>Functions</h2>\n");
    List<ShadowReport.Line> fs = r.functions();
    table(b, fs.subList(0, Math.min(MAX_ROWS, fs.size())), policies);
    if (fs.size() > MAX_ROWS) {
      b.append("<p class=\"muted\">").append(fs.size() - MAX_ROWS);
      b.append(" quieter functions are in report.json.</p>\n");
    }
    return b.append("</body></html>\n").toString();
  }

  private static void table(StringBuilder b, List<ShadowReport.Line> lines, List<String> policies) {
    b.append("<table><tr><th>function</th><th>invocations</th>")
        .append("<th>cold starts<br>observed</th>");
    for (String p : policies) {
      b.append("<th>cold starts<br>").append(esc(p)).append("</th>");
    }
    b.append("<th>instance-hours<br>observed</th>");
    for (String p : policies) {
      b.append("<th>instance-hours<br>").append(esc(p)).append("</th>");
    }
    b.append("</tr>\n");
    for (ShadowReport.Line l : lines) {
      b.append("<tr><td>").append(name(l.function())).append("</td><td>");
      b.append(l.invocations()).append("</td><td>").append(l.observedColdStarts()).append("</td>");
      for (String p : policies) {
        ShadowReport.Figures f = l.policies().get(p);
        b.append("<td>").append(f == null ? "-" : cold(f.coldStarts(), l.observedColdStarts()));
        b.append("</td>");
      }
      Double seen = l.observedInstanceSeconds();
      b.append("<td>").append(seen == null ? "-" : ReportText.number(seen / 3600)).append("</td>");
      for (String p : policies) {
        ShadowReport.Figures f = l.policies().get(p);
        b.append("<td>");
        if (f == null) {
          b.append('-');
        } else {
          b.append(ReportText.number(f.instanceSeconds() / 3600));
          if (seen != null && seen > 0) {
            b.append(" (").append(ReportText.ratio(f.instanceSeconds(), seen)).append(')');
          }
        }
        b.append("</td>");
      }
      b.append("</tr>\n");
    }
    b.append("</table>\n");
  }

  private static String cold(long n, long observed) {
    return observed > 0 ? n + " (" + ReportText.ratio(n, observed) + ")" : Long.toString(n);
  }

  /** The name, shortened to 24 characters with the whole one as a tooltip. */
  private static String name(String n) {
    if (n.length() <= 24) {
      return esc(n);
    }
    return "<span title=\""
        + esc(n)
        + "\">"
        + esc(n.substring(0, 12))
        + "&hellip;"
        + esc(n.substring(n.length() - 8))
        + "</span>";
  }

  static String esc(String s) {
    StringBuilder b = new StringBuilder(s.length());
    for (char c : s.toCharArray()) {
      switch (c) {
        case '<' -> b.append("&lt;");
        case '>' -> b.append("&gt;");
        case '&' -> b.append("&amp;");
        case '"' -> b.append("&quot;");
        case '\'' -> b.append("&#39;");
        default -> b.append(c);
      }
    }
    return b.toString();
  }
}
