package io.prescale.simulator.report;

import java.util.List;

/** The distance-to-oracle table: console text and markdown. */
public final class DistanceTable {
  static final String[] HEAD = {
    "policy",
    "platform",
    "extra cold",
    "extra instance-s",
    "extra GB-s",
    "price",
    "cost at price",
    "x oracle"
  };

  private DistanceTable() {}

  public static String text(List<OracleDistance> distances) {
    return TextTable.text(HEAD, distances.stream().map(DistanceTable::cells).toList());
  }

  public static String markdown(List<OracleDistance> distances) {
    return TextTable.markdown(HEAD, distances.stream().map(DistanceTable::cells).toList());
  }

  static String[] cells(OracleDistance d) {
    return new String[] {
      d.policy(),
      d.platform(),
      Long.toString(d.extraColdStarts()),
      TextTable.f("%.0f", d.extraInstanceSeconds()),
      TextTable.f("%.0f", d.extraGbSeconds()),
      Formats.seconds(d.priceSeconds()),
      TextTable.f("%.0f", d.costAtPrice()),
      Double.isInfinite(d.costRatio()) ? "inf" : TextTable.f("%.3f", d.costRatio())
    };
  }
}
