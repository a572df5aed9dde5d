package io.prescale.simulator.report;

import java.util.ArrayList;
import java.util.List;
import java.util.Locale;

/**
 * One XY chart as inline SVG (no script, no font download): points and lines styled by a {@link
 * Palette}, {@link Ticks} on both axes, a log axis where the values span decades (zeros drawn on
 * the axis floor and named in the tooltip), a legend on the right, and a tooltip ({@code <title>})
 * on every point. Build it, add series, call {@link #svg()}.
 *
 * <pre>{@code
 * SvgChart c = new SvgChart("Cold starts vs capacity", 640, 400)
 *     .x(SvgChart.Axis.of("instance-hours"))
 *     .y(SvgChart.Axis.of("cold starts").percent());
 * c.points("kpa", palette.style("kpa"), List.of(new SvgChart.Point(465, 1.4, "kpa: 1.4%")));
 * String svg = c.svg();
 * }</pre>
 */
public final class SvgChart {
  /** How an axis maps values: linear, log, or log only when the values span decades. */
  public enum Scale {
    LINEAR,
    LOG,
    AUTO
  }

  /**
   * An axis: its title, scale, a unit written after each tick label ({@code %}), and whether a
   * linear axis starts at zero.
   */
  public record Axis(String title, Scale scale, String unit, boolean zeroBased) {
    public static Axis of(String title) {
      return new Axis(title, Scale.AUTO, "", false);
    }

    public Axis scale(Scale s) {
      return new Axis(title, s, unit, zeroBased);
    }

    public Axis unit(String u) {
      return new Axis(title, scale, u, zeroBased);
    }

    /** A linear axis that starts at zero. */
    public Axis fromZero() {
      return new Axis(title, scale, unit, true);
    }
  }

  /** One point; {@code tooltip} is shown on hover (null for none). */
  public record Point(double x, double y, String tooltip) {}

  private record Series(
      String name, Palette.Style style, List<Point> points, boolean line, boolean area) {}

  private static final int LEFT = 64;
  private static final int TOP = 34;
  private static final int BOTTOM = 46;
  private static final int LEGEND = 150;
  private static final int MAX_POINTS = 100_000;

  private final String title;
  private final int width;
  private final int height;
  private Axis xAxis = Axis.of("x");
  private Axis yAxis = Axis.of("y");
  private final List<Series> series = new ArrayList<>();
  private boolean legend = true;

  public SvgChart(String title, int width, int height) {
    if (width < 200 || width > 4000 || height < 150 || height > 4000) {
      throw new IllegalArgumentException(
          "chart size = " + width + "x" + height + ", must be in [200; 4000] x [150; 4000]");
    }
    this.title = title;
    this.width = width;
    this.height = height;
  }

  public SvgChart x(Axis a) {
    this.xAxis = a;
    return this;
  }

  public SvgChart y(Axis a) {
    this.yAxis = a;
    return this;
  }

  /** Leaves the legend out (the page's {@link ReportPage#legend} names the series). */
  public SvgChart noLegend() {
    this.legend = false;
    return this;
  }

  /** Markers only (one per point). */
  public SvgChart points(String name, Palette.Style style, List<Point> pts) {
    return add(new Series(name, style, pts, false, false));
  }

  /** A line through the points in the order given, with a few markers along it. */
  public SvgChart line(String name, Palette.Style style, List<Point> pts) {
    return add(new Series(name, style, pts, true, false));
  }

  /** A filled area under the points (data drawn behind the policies), no markers. */
  public SvgChart area(String name, Palette.Style style, List<Point> pts) {
    return add(new Series(name, style, pts, true, true));
  }

  private SvgChart add(Series s) {
    int total = series.stream().mapToInt(x -> x.points().size()).sum() + s.points().size();
    if (total > MAX_POINTS) {
      throw new IllegalArgumentException(
          "chart points = " + total + ", must be <= " + MAX_POINTS + " (aggregate first)");
    }
    series.add(new Series(s.name(), s.style(), List.copyOf(s.points()), s.line(), s.area()));
    return this;
  }

  /** Whether any series has a point. */
  public boolean isEmpty() {
    return series.stream().allMatch(s -> s.points().isEmpty());
  }

  /** The chart as one {@code <svg>} element. */
  public String svg() {
    int plotW = width - LEFT - (legend ? LEGEND + 16 : 16);
    int plotH = height - TOP - BOTTOM;
    Mapped mx = mapped(xAxis, true, plotW);
    Mapped my = mapped(yAxis, false, plotH);
    StringBuilder s = new StringBuilder();
    s.append(
            String.format(
                Locale.ROOT,
                "<svg class=\"chart\" xmlns=\"http://www.w3.org/2000/svg\" width=\"%d\""
                    + " height=\"%d\" viewBox=\"0 0 %d %d\" role=\"img\" aria-label=\"%s\">",
                width,
                height,
                width,
                height,
                ReportPage.esc(title)))
        .append("<title>")
        .append(ReportPage.esc(title))
        .append("</title>");
    s.append(text(LEFT, 20, title, "start", "chart-title"));
    s.append(
        String.format(
            Locale.ROOT,
            "<rect x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" fill=\"#fff\" stroke=\"#bbb\"/>",
            LEFT,
            TOP,
            plotW,
            plotH));
    for (double t : mx.axis().ticks()) {
      double px = LEFT + mx.pos(t);
      s.append(line(px, TOP, px, TOP + plotH, "#eee"));
      s.append(text(px, TOP + plotH + 16, mx.axis().label(t) + xAxis.unit(), "middle", "tick"));
    }
    for (double t : my.axis().ticks()) {
      double py = TOP + plotH - my.pos(t);
      s.append(line(LEFT, py, LEFT + plotW, py, "#eee"));
      s.append(text(LEFT - 6, py + 4, my.axis().label(t) + yAxis.unit(), "end", "tick"));
    }
    s.append(text(LEFT + plotW / 2.0, height - 8, axisTitle(xAxis, mx), "middle", "axis"));
    s.append(
        String.format(
            Locale.ROOT,
            "<text class=\"axis\" transform=\"translate(14 %.1f) rotate(-90)\""
                + " text-anchor=\"middle\">%s</text>",
            TOP + plotH / 2.0,
            ReportPage.esc(axisTitle(yAxis, my))));
    s.append(
        String.format(
            Locale.ROOT,
            "<svg x=\"%d\" y=\"%d\" width=\"%d\" height=\"%d\" overflow=\"hidden\">",
            LEFT,
            TOP,
            plotW,
            plotH));
    for (Series se : series) {
      drawSeries(s, se, mx, my, plotH);
    }
    s.append("</svg>");
    if (legend) {
      legend(s, LEFT + plotW + 16, TOP);
    }
    return s.append("</svg>").toString();
  }

  private static String axisTitle(Axis a, Mapped m) {
    return m.log() ? a.title() + " (log scale)" : a.title();
  }

  private void drawSeries(StringBuilder s, Series se, Mapped mx, Mapped my, int plotH) {
    if (se.points().isEmpty()) {
      return;
    }
    String c = se.style().colour();
    if (se.line()) {
      StringBuilder d = new StringBuilder();
      for (Point p : se.points()) {
        d.append(d.length() == 0 ? "M" : "L")
            .append(String.format(Locale.ROOT, "%.1f %.1f", mx.pos(p.x()), plotH - my.pos(p.y())));
      }
      if (se.area()) {
        Point first = se.points().get(0);
        Point last = se.points().get(se.points().size() - 1);
        d.append(
            String.format(
                Locale.ROOT,
                "L%.1f %dL%.1f %dZ",
                mx.pos(last.x()),
                plotH,
                mx.pos(first.x()),
                plotH));
        s.append("<path d=\"")
            .append(d)
            .append("\" fill=\"")
            .append(c)
            .append("\" fill-opacity=\"0.35\" stroke=\"")
            .append(c)
            .append("\" stroke-width=\"1\"><title>")
            .append(ReportPage.esc(se.name()))
            .append("</title></path>");
        return;
      }
      s.append("<path d=\"")
          .append(d)
          .append("\" fill=\"none\" stroke=\"")
          .append(c)
          .append("\" stroke-width=\"1.6\" stroke-linejoin=\"round\" opacity=\"0.85\"/>");
    }
    int n = se.points().size();
    int every = se.line() ? Math.max(1, n / 8) : 1;
    for (int i = 0; i < n; i += every) {
      Point p = se.points().get(i);
      s.append("<g>");
      if (p.tooltip() != null) {
        s.append("<title>").append(ReportPage.esc(p.tooltip())).append("</title>");
      }
      s.append(
          Palette.marker(se.style(), mx.pos(p.x()), plotH - my.pos(p.y()), se.line() ? 8 : 12));
      s.append("</g>");
    }
  }

  private void legend(StringBuilder s, int x, int y) {
    int row = 0;
    for (Series se : series) {
      double cy = y + 10 + row * 20;
      if (se.line()) {
        s.append(
            line(x, cy, x + 22, cy, se.style().colour()).replace("/>", " stroke-width=\"2\"/>"));
      }
      if (!se.area()) {
        s.append(Palette.marker(se.style(), x + 11, cy, 10));
      }
      String name = se.name().length() > 20 ? se.name().substring(0, 19) + "…" : se.name();
      s.append("<g><title>")
          .append(ReportPage.esc(se.name()))
          .append("</title>")
          .append(text(x + 28, cy + 4, name, "start", "legend"))
          .append("</g>");
      row++;
    }
  }

  private record Mapped(Ticks.Axis axis, boolean log, double size) {
    double pos(double v) {
      double lo = log ? Math.log10(axis.min()) : axis.min();
      double hi = log ? Math.log10(axis.max()) : axis.max();
      double w = log ? Math.log10(Math.max(v, axis.min())) : v;
      return hi == lo ? size / 2 : (w - lo) / (hi - lo) * size;
    }
  }

  private Mapped mapped(Axis a, boolean isX, double size) {
    double lo = Double.POSITIVE_INFINITY;
    double hi = Double.NEGATIVE_INFINITY;
    double loPositive = Double.POSITIVE_INFINITY;
    for (Series se : series) {
      for (Point p : se.points()) {
        double v = isX ? p.x() : p.y();
        if (!Double.isFinite(v)) {
          continue;
        }
        lo = Math.min(lo, v);
        hi = Math.max(hi, v);
        if (v > 0) {
          loPositive = Math.min(loPositive, v);
        }
      }
    }
    if (lo > hi) {
      return new Mapped(Ticks.linear(0, 1, 5), false, size);
    }
    boolean log =
        a.scale() == Scale.LOG && hi > 0
            || a.scale() == Scale.AUTO && hi > 0 && Ticks.spansDecades(loPositive, hi);
    if (log) {
      // a little room so markers at the extremes are not cut by the frame
      return new Mapped(Ticks.log(loPositive / 1.15, hi * 1.15), true, size);
    }
    double pad = (hi - lo) * 0.04;
    boolean nonNegative = lo >= 0;
    lo -= pad;
    hi += pad;
    if (a.zeroBased() && lo > 0 || nonNegative && lo < 0) {
      lo = 0;
    }
    return new Mapped(Ticks.linear(lo, hi, isX ? 6 : 5), false, size);
  }

  private static String line(double x1, double y1, double x2, double y2, String colour) {
    return String.format(
        Locale.ROOT,
        "<line x1=\"%.1f\" y1=\"%.1f\" x2=\"%.1f\" y2=\"%.1f\" stroke=\"%s\"/>",
        x1,
        y1,
        x2,
        y2,
        colour);
  }

  private static String text(double x, double y, String t, String anchor, String cls) {
    return String.format(
        Locale.ROOT,
        "<text class=\"%s\" x=\"%.1f\" y=\"%.1f\" text-anchor=\"%s\">%s</text>",
        cls,
        x,
        y,
        anchor,
        ReportPage.esc(t));
  }
}
