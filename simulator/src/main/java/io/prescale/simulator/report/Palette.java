package io.prescale.simulator.report;

import java.util.ArrayList;
import java.util.Collection;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;

/**
 * The one owner of how a policy looks in a report: a colour and a marker per name, the same in
 * every chart, legend and table of a page. The built-in policies (and {@code platform}, what the
 * platform itself did, for live reports) have fixed styles, so they also look the same from one
 * report to the next; other names take the spare styles in the order they are first given. Colours
 * are the colour-blind-safe Okabe-Ito set and Paul Tol's muted set; each name also has its own
 * marker, so the charts read in grey too.
 */
public final class Palette {
  /** A marker shape. */
  public enum Marker {
    CIRCLE,
    SQUARE,
    DIAMOND,
    TRIANGLE,
    TRIANGLE_DOWN,
    CROSS,
    PLUS,
    STAR
  }

  /** How one name is drawn: {@code colour} as {@code #rrggbb}. */
  public record Style(String colour, Marker marker) {}

  /** The trace's own data (arrivals), drawn behind the policies. */
  public static final Style DATA = new Style("#9a9a9a", Marker.CIRCLE);

  private static final Map<String, Style> FIXED = new LinkedHashMap<>();

  static {
    FIXED.put("prescale", new Style("#0072b2", Marker.CIRCLE));
    FIXED.put("kpa", new Style("#d55e00", Marker.SQUARE));
    FIXED.put("hpa", new Style("#e69f00", Marker.TRIANGLE_DOWN));
    FIXED.put("keda", new Style("#882255", Marker.PLUS));
    FIXED.put("keepalive-10m", new Style("#009e73", Marker.DIAMOND));
    FIXED.put("keepalive-20m", new Style("#117733", Marker.TRIANGLE_DOWN));
    FIXED.put("hybrid-histogram", new Style("#cc79a7", Marker.TRIANGLE));
    FIXED.put("fixed", new Style("#999933", Marker.CROSS));
    FIXED.put("off", new Style("#555555", Marker.PLUS));
    FIXED.put("oracle", new Style("#000000", Marker.STAR));
    FIXED.put("oracle-keepalive", new Style("#44aa99", Marker.STAR));
    FIXED.put("config", new Style("#56b4e9", Marker.SQUARE));
    FIXED.put("platform", new Style("#332288", Marker.CROSS));
  }

  private static final List<Style> SPARE =
      List.of(
          new Style("#aa4499", Marker.DIAMOND),
          new Style("#6699cc", Marker.TRIANGLE),
          new Style("#888888", Marker.SQUARE),
          new Style("#661100", Marker.CIRCLE),
          new Style("#ddcc77", Marker.CROSS),
          new Style("#88ccee", Marker.PLUS),
          new Style("#994455", Marker.STAR),
          new Style("#004488", Marker.TRIANGLE_DOWN));

  /**
   * Sweep curves named for a family of policies draw in that family's colour: the {@code keepalive}
   * curve through {@code keepalive-10m}.
   */
  private static final Map<String, String> FAMILY = Map.of("keepalive", "keepalive-10m");

  private final Map<String, Style> styles = new LinkedHashMap<>();

  private Palette() {}

  /** A palette for a page that shows {@code names} (in the order the page first shows them). */
  public static Palette of(Collection<String> names) {
    Palette p = new Palette();
    List<String> unknown = new ArrayList<>();
    for (String n : names) {
      Style s = fixed(n);
      if (s != null) {
        p.styles.putIfAbsent(n, s);
      } else if (!unknown.contains(n)) {
        unknown.add(n);
      }
    }
    int i = 0;
    for (String n : unknown) {
      p.styles.put(n, SPARE.get(i % SPARE.size()));
      i++;
    }
    return p;
  }

  private static Style fixed(String name) {
    String n = name.toLowerCase(Locale.ROOT);
    Style s = FIXED.get(n);
    if (s == null && FAMILY.containsKey(n)) {
      s = FIXED.get(FAMILY.get(n));
    }
    return s;
  }

  /**
   * The style of {@code name}; a name the palette was not made with gets the fixed style when it
   * has one, else a spare style chosen by its hash (stable, but maybe shared).
   */
  public Style style(String name) {
    Style s = styles.get(name);
    if (s != null) {
      return s;
    }
    s = fixed(name);
    return s != null ? s : SPARE.get(Math.floorMod(name.hashCode(), SPARE.size()));
  }

  /** The names given, in order, each once. */
  public List<String> names() {
    return List.copyOf(styles.keySet());
  }

  /**
   * The marker as an SVG element centred on ({@code x}, {@code y}), {@code size} pixels across,
   * filled with the colour (crosses and pluses are stroked).
   */
  public static String marker(Style s, double x, double y, double size) {
    double r = size / 2;
    String c = s.colour();
    return switch (s.marker()) {
      case CIRCLE ->
          String.format(
              Locale.ROOT, "<circle cx=\"%.1f\" cy=\"%.1f\" r=\"%.1f\" fill=\"%s\"/>", x, y, r, c);
      case SQUARE -> path(c, x, y, r * 0.9, new double[] {-1, -1, 1, -1, 1, 1, -1, 1});
      case DIAMOND -> path(c, x, y, r * 1.2, new double[] {0, -1, 1, 0, 0, 1, -1, 0});
      case TRIANGLE -> path(c, x, y, r * 1.15, new double[] {0, -1, 1, 0.8, -1, 0.8});
      case TRIANGLE_DOWN -> path(c, x, y, r * 1.15, new double[] {0, 1, 1, -0.8, -1, -0.8});
      case STAR -> path(c, x, y, r * 1.3, star());
      case CROSS ->
          String.format(
              Locale.ROOT,
              "<path d=\"M%.1f %.1fL%.1f %.1fM%.1f %.1fL%.1f %.1f\" stroke=\"%s\" stroke-width=\"2.5\"/>",
              x - r,
              y - r,
              x + r,
              y + r,
              x - r,
              y + r,
              x + r,
              y - r,
              c);
      case PLUS ->
          String.format(
              Locale.ROOT,
              "<path d=\"M%.1f %.1fL%.1f %.1fM%.1f %.1fL%.1f %.1f\" stroke=\"%s\" stroke-width=\"2.5\"/>",
              x - r * 1.2,
              y,
              x + r * 1.2,
              y,
              x,
              y - r * 1.2,
              x,
              y + r * 1.2,
              c);
    };
  }

  private static double[] star() {
    double[] p = new double[20];
    for (int i = 0; i < 10; i++) {
      double a = Math.PI / 2 + i * Math.PI / 5;
      double rr = i % 2 == 0 ? 1 : 0.45;
      p[2 * i] = rr * Math.cos(a);
      p[2 * i + 1] = -rr * Math.sin(a);
    }
    return p;
  }

  private static String path(String colour, double x, double y, double r, double[] unit) {
    StringBuilder d = new StringBuilder();
    for (int i = 0; i < unit.length; i += 2) {
      d.append(i == 0 ? 'M' : 'L')
          .append(String.format(Locale.ROOT, "%.1f %.1f", x + r * unit[i], y + r * unit[i + 1]));
    }
    return "<path d=\"" + d + "Z\" fill=\"" + colour + "\"/>";
  }
}
