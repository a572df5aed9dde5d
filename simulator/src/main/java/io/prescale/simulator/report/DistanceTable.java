package io.prescale.simulator.report;

import java.util.List;

/** The distance-to-oracle table: console text and markdown, like {@link ResultTable}. */
public final class DistanceTable {
  private static final String[] HEAD = {"policy", "platform", "extra cold", "extra instance-s",
      "extra GB-s", "price s", "cost at price", "x oracle"};

  private DistanceTable() {}

  public static String text(List<OracleDistance> distances) {
    List<String[]> rows = distances.stream().map(DistanceTable::cells).toList();
    int[] w = new int[HEAD.length];
    for (int i = 0; i < HEAD.length; i++) {
      w[i] = HEAD[i].length();
      for (String[] r : rows) {
        w[i] = Math.max(w[i], r[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    ResultTable.line(sb, HEAD, w);
    for (String[] r : rows) {
      ResultTable.line(sb, r, w);
    }
    return sb.toString();
  }

  public static String markdown(List<OracleDistance> distances) {
    StringBuilder sb = new StringBuilder("| " + String.join(" | ", HEAD) + " |\n|");
    for (int i = 0; i < HEAD.length; i++) {
      sb.append(i < 2 ? "---|" : "---:|");
    }
    sb.append('\n');
    for (OracleDistance d : distances) {
      sb.append("| ").append(String.join(" | ", cells(d))).append(" |\n");
    }
    return sb.toString();
  }

  static String[] cells(OracleDistance d) {
    return new String[] {d.policy(), d.platform(), Long.toString(d.extraColdStarts()),
        ResultTable.f("%.0f", d.extraInstanceSeconds()), ResultTable.f("%.0f", d.extraGbSeconds()),
        ResultTable.f("%.0f", d.priceSeconds()), ResultTable.f("%.0f", d.costAtPrice()),
        Double.isInfinite(d.costRatio()) ? "inf" : ResultTable.f("%.3f", d.costRatio())};
  }
}
