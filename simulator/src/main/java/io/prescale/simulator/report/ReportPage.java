package io.prescale.simulator.report;

import java.util.List;
import java.util.Map;

/**
 * One self-contained report page (inline CSS and SVG; no script, font or image from the network),
 * laid out to be read in a 1400 px wide window: a title, the headline (the key sentences first), a
 * legend of the page's {@link Palette}, then sections of text, rows of {@link SvgChart charts} and
 * tables. Any report can build one:
 *
 * <pre>{@code
 * Palette palette = Palette.of(List.of("platform", "prescale", "kpa"));
 * String html = new ReportPage("Prescale report", "last 24h")
 *     .headline(List.of("prescale: 0.4x the cold starts at 0.9x the instance-hours of your platform."))
 *     .legend(palette)
 *     .section("Cold starts against capacity", "Lower and further left is better.")
 *     .charts(List.of(chart.svg()))
 *     .table(List.of("function", "cold starts"), rows, 1)
 *     .html();
 * }</pre>
 *
 * All text is escaped here; callers pass plain text.
 */
public final class ReportPage {
  /** Whether a cell's figure is good or bad news (drawn green or red), or neither. */
  public enum Tone {
    NONE,
    BETTER,
    WORSE
  }

  /**
   * A table cell: its text, an optional tooltip (the full name behind a shortened one) and its
   * tone.
   */
  public record Cell(String text, String title, Tone tone) {
    public static Cell of(String text) {
      return new Cell(text, null, Tone.NONE);
    }

    public static Cell titled(String text, String title) {
      return new Cell(text, title, Tone.NONE);
    }
  }

  private static final String CSS =
      "body{font:14px/1.45 system-ui,-apple-system,'Segoe UI',Roboto,'DejaVu Sans',sans-serif;"
          + "color:#222;margin:0 auto;padding:20px 28px;max-width:1340px}"
          + "h1{font-size:24px;margin:0 0 2px}h2{font-size:18px;margin:28px 0 6px;"
          + "border-bottom:1px solid #ddd;padding-bottom:3px}h3{font-size:15px;margin:14px 0 4px}"
          + ".sub{color:#555;margin:0 0 12px}.headline{background:#eef5fb;border-left:5px solid"
          + " #0072b2;padding:10px 16px;margin:12px 0}.headline p{font-size:18px;margin:4px 0}"
          + ".legend{display:flex;flex-wrap:wrap;gap:4px 18px;margin:8px 0;align-items:center}"
          + ".legend span{display:inline-flex;align-items:center;gap:5px}"
          + ".charts{display:flex;flex-wrap:wrap;gap:12px}.chart{background:#fff}"
          + ".chart-title{font-weight:600;font-size:14px}.tick{font-size:11px;fill:#444}"
          + ".axis{font-size:12px;fill:#222}.legend text,.legend{font-size:12px}"
          + "table{border-collapse:collapse;font-size:13px;margin:6px 0}"
          + "td,th{border:1px solid #d5d5d5;padding:3px 8px;text-align:right;white-space:nowrap}"
          + "th{background:#f4f4f4}td.t,th.t{text-align:left}"
          + "td.wrap{white-space:normal;text-align:left;max-width:900px}"
          + ".better{color:#006d3c;font-weight:600}.worse{color:#b00020;font-weight:600}"
          + "p.note{color:#555;font-size:13px;max-width:1100px}";

  private final StringBuilder body = new StringBuilder();
  private final String title;

  /**
   * @param title the page title (the {@code <h1>})
   * @param subtitle one line under it (what the page is about), or null
   */
  public ReportPage(String title, String subtitle) {
    this.title = title;
    body.append("<h1>").append(esc(title)).append("</h1>\n");
    if (subtitle != null) {
      body.append("<p class=\"sub\">").append(esc(subtitle)).append("</p>\n");
    }
  }

  /** The headline: one sentence per line, the first thing read (class {@code headline}). */
  public ReportPage headline(List<String> sentences) {
    body.append("<div class=\"headline\" id=\"headline\">");
    for (String s : sentences) {
      body.append("<p>").append(esc(s)).append("</p>");
    }
    body.append("</div>\n");
    return this;
  }

  /** One line naming each policy with its colour and marker, as every chart draws it. */
  public ReportPage legend(Palette palette) {
    return legend(palette, palette.names());
  }

  /** The legend for {@code names} only, styled by {@code palette}. */
  public ReportPage legend(Palette palette, List<String> names) {
    body.append("<div class=\"legend\">");
    for (String n : names) {
      body.append("<span><svg width=\"14\" height=\"14\" aria-hidden=\"true\">")
          .append(Palette.marker(palette.style(n), 7, 7, 11))
          .append("</svg>")
          .append(esc(n))
          .append("</span>");
    }
    body.append("</div>\n");
    return this;
  }

  /** A section heading and an optional line of text under it. */
  public ReportPage section(String heading, String intro) {
    body.append("<h2>").append(esc(heading)).append("</h2>\n");
    if (intro != null) {
      paragraph(intro);
    }
    return this;
  }

  /** A smaller heading; {@code title} (may be null) is shown on hover. */
  public ReportPage subheading(String text, String tooltip) {
    body.append("<h3");
    if (tooltip != null) {
      body.append(" title=\"").append(esc(tooltip)).append('"');
    }
    body.append('>').append(esc(text)).append("</h3>\n");
    return this;
  }

  public ReportPage paragraph(String text) {
    body.append("<p>").append(esc(text)).append("</p>\n");
    return this;
  }

  /** A muted explanation (definitions, method). */
  public ReportPage note(String text) {
    body.append("<p class=\"note\">").append(esc(text)).append("</p>\n");
    return this;
  }

  /** Charts side by side, wrapping when the row is full; each is an {@code <svg>} element. */
  public ReportPage charts(List<String> svgs) {
    body.append("<div class=\"charts\">");
    svgs.forEach(body::append);
    body.append("</div>\n");
    return this;
  }

  /**
   * A table: the first {@code textColumns} columns left-aligned, the rest (numbers) right-aligned.
   */
  public ReportPage table(List<String> head, List<List<Cell>> rows, int textColumns) {
    body.append("<table><tr>");
    for (int i = 0; i < head.size(); i++) {
      body.append(i < textColumns ? "<th class=\"t\">" : "<th>")
          .append(esc(head.get(i)))
          .append("</th>");
    }
    body.append("</tr>\n");
    for (List<Cell> r : rows) {
      body.append("<tr>");
      for (int i = 0; i < r.size(); i++) {
        Cell c = r.get(i);
        String cls =
            (i < textColumns ? "t " : "")
                + switch (c.tone()) {
                  case BETTER -> "better";
                  case WORSE -> "worse";
                  case NONE -> "";
                };
        body.append("<td");
        if (!cls.isBlank()) {
          body.append(" class=\"").append(cls.trim()).append('"');
        }
        if (c.title() != null) {
          body.append(" title=\"").append(esc(c.title())).append('"');
        }
        body.append('>').append(esc(c.text())).append("</td>");
      }
      body.append("</tr>\n");
    }
    body.append("</table>\n");
    return this;
  }

  /** A table of plain text cells (see {@link #table(List, List, int)}). */
  public ReportPage textTable(String[] head, List<String[]> rows, int textColumns) {
    return table(
        List.of(head),
        rows.stream().map(r -> List.of(r).stream().map(Cell::of).toList()).toList(),
        textColumns);
  }

  /** Name-value pairs, values wrapping (run parameters). */
  public ReportPage keyValues(Map<String, String> pairs) {
    body.append("<table>");
    for (Map.Entry<String, String> e : pairs.entrySet()) {
      body.append("<tr><th class=\"t\">")
          .append(esc(e.getKey()))
          .append("</th><td class=\"wrap\">")
          .append(esc(e.getValue()))
          .append("</td></tr>\n");
    }
    body.append("</table>\n");
    return this;
  }

  /** The whole page. */
  public String html() {
    return "<!DOCTYPE html>\n<html lang=\"en\"><head><meta charset=\"utf-8\">"
        + "<meta name=\"viewport\" content=\"width=device-width\">"
        + "<title>"
        + esc(title)
        + "</title><style>"
        + CSS
        + "</style></head><body>\n"
        + body
        + "</body></html>\n";
  }

  /** {@code s} escaped for HTML text and attribute values. */
  public static String esc(String s) {
    return s.replace("&", "&amp;")
        .replace("<", "&lt;")
        .replace(">", "&gt;")
        .replace("\"", "&quot;")
        .replace("'", "&#39;");
  }
}
