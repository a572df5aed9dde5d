package io.prescale.simulator.report;

import io.prescale.simulator.engine.MinuteSeries;
import io.prescale.simulator.engine.RunResult;
import java.util.Base64;
import java.util.LinkedHashSet;
import java.util.Map;
import java.util.Set;

/**
 * {@code report.html}: one self-contained page (charts embedded as base64 PNG): parameters, how
 * invocations were placed, the results table, cold-start ratio against instance-hours per platform
 * (with sweep curves), and arrivals with instances over time for the busiest functions.
 */
public final class ReportHtml {
  private ReportHtml() {}

  /**
   * @param traceMinutes minutes of the trace (the busiest-function charts stop there)
   */
  public static String write(SimulationReport report, int traceMinutes) {
    System.setProperty("java.awt.headless", "true");
    StringBuilder h = new StringBuilder();
    h.append("<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">")
        .append("<title>Prescale simulation: ")
        .append(esc(report.trace()))
        .append("</title>")
        .append("<style>body{font-family:sans-serif;margin:2em;max-width:1100px}")
        .append("table{border-collapse:collapse;font-size:13px}td,th{border:1px solid #ccc;")
        .append("padding:3px 7px;text-align:right}td:nth-child(-n+2),th{text-align:left}")
        .append("img{max-width:100%;margin:1em 0}</style></head><body>\n");
    h.append("<h1>Prescale simulation</h1>\n<p>Trace: <code>")
        .append(esc(report.trace()))
        .append("</code></p>\n");
    Object note = report.parameters().get("placement note");
    if (note != null) {
      h.append("<p><b>How invocations were placed:</b> ")
          .append(esc(note.toString()))
          .append("</p>\n");
    }
    h.append("<h2>Parameters</h2>\n<table>");
    for (Map.Entry<String, Object> e : report.parameters().entrySet()) {
      h.append("<tr><th>")
          .append(esc(e.getKey()))
          .append("</th><td style=\"text-align:left\">")
          .append(esc(String.valueOf(e.getValue())))
          .append("</td></tr>");
    }
    h.append("</table>\n<h2>Results</h2>\n");
    h.append(table(ResultTable.markdown(report.results())));
    h.append(
        "<p>cold%: requests that found no warm instance; p75fn: the 75th-percentile function's"
            + " cold-start ratio; wait: arrival to execution start (cold start + queueing).</p>\n");
    if (!report.distances().isEmpty()) {
      h.append("<h2>Distance to the oracle</h2>\n");
      h.append(table(DistanceTable.markdown(report.distances())));
      h.append(
          "<p>oracle: knows every arrival and duration, pre-warms each instance a cold-start"
              + " delay before it is needed: zero cold starts at the least instance-seconds. extra: above"
              + " oracle on the same platform. cost at price: cold starts x the cold-start price +"
              + " instance-seconds; x oracle: that over oracle's (1.000 is the limit; on-demand no policy"
              + " goes below it, on autoscaled a policy that makes requests queue behind busy instances"
              + " can, paying in wait instead).</p>\n");
    }
    Set<String> platforms = new LinkedHashSet<>();
    report.results().forEach(r -> platforms.add(r.platform()));
    h.append("<h2>Cold starts against capacity</h2>\n<p>Lower and further left is better.</p>\n");
    for (String p : platforms) {
      img(h, Charts.tradeoff(p, report.results(), report.sweep()), "trade-off " + p);
    }
    h.append("<h2>Busiest functions</h2>\n");
    Set<String> labels = new LinkedHashSet<>();
    for (RunResult r : report.results()) {
      for (MinuteSeries s : r.series()) {
        labels.add(s.label());
      }
    }
    for (String label : labels) {
      for (String p : platforms) {
        img(h, Charts.busiest(label, p, report.results(), traceMinutes), label + " " + p);
      }
    }
    h.append("</body></html>\n");
    return h.toString();
  }

  private static String table(String md) {
    StringBuilder sb = new StringBuilder("<table><tr>");
    String[] lines = md.split("\n");
    for (String c : cells(lines[0])) {
      sb.append("<th>").append(esc(c)).append("</th>");
    }
    sb.append("</tr>");
    for (int i = 2; i < lines.length; i++) {
      sb.append("<tr>");
      for (String c : cells(lines[i])) {
        sb.append("<td>").append(esc(c)).append("</td>");
      }
      sb.append("</tr>");
    }
    return sb.append("</table>\n").toString();
  }

  private static String[] cells(String mdLine) {
    String s = mdLine.trim();
    s = s.substring(1, s.length() - 1);
    String[] parts = s.split("\\|");
    for (int i = 0; i < parts.length; i++) {
      parts[i] = parts[i].trim();
    }
    return parts;
  }

  private static void img(StringBuilder h, byte[] png, String alt) {
    if (png != null) {
      h.append("<img alt=\"")
          .append(esc(alt))
          .append("\" src=\"data:image/png;base64,")
          .append(Base64.getEncoder().encodeToString(png))
          .append("\">\n");
    }
  }

  static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;");
  }
}
