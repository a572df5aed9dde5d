package io.prescale.simulator.report;

import java.util.List;

/**
 * The {@code --sweep} points as a table (console text, markdown, the HTML report): one row per
 * curve, platform and knob value, durations written as durations ({@code keepAlive 10m}).
 */
public final class SweepTable {
  static final String[] HEAD = {
    "curve",
    "platform",
    "knob",
    "value",
    "coldStarts",
    "cold%",
    "wait p99",
    "instance-s",
    "idle-s",
    "scaling"
  };

  /** curve, platform, knob and value read as text. */
  static final int TEXT_COLUMNS = 4;

  private static final String MINUTES = "Minutes";

  private SweepTable() {}

  public static String text(List<SweepPoint> sweep) {
    return TextTable.text(HEAD, rows(sweep), TEXT_COLUMNS);
  }

  public static String markdown(List<SweepPoint> sweep) {
    return TextTable.markdown(HEAD, rows(sweep), TEXT_COLUMNS);
  }

  static List<String[]> rows(List<SweepPoint> sweep) {
    return sweep.stream().map(SweepTable::cells).toList();
  }

  static String[] cells(SweepPoint p) {
    return new String[] {
      p.curve(),
      p.result().platform(),
      knobName(p),
      knobValue(p),
      Long.toString(p.result().coldStarts()),
      TextTable.f("%.3f", 100 * p.result().coldStartRatio()),
      Formats.millis(p.result().waitP99Ms()),
      TextTable.f("%.0f", p.result().instanceSeconds()),
      TextTable.f("%.0f", p.result().idleInstanceSeconds()),
      Long.toString(p.result().scalingActions())
    };
  }

  /** The knob's name, a duration knob without its unit ({@code keepAlive}). */
  static String knobName(SweepPoint p) {
    return p.knob().endsWith(MINUTES)
        ? p.knob().substring(0, p.knob().length() - MINUTES.length())
        : p.knob();
  }

  /** The knob's value as people write it: {@code 10m} for a duration, {@code 0.7} otherwise. */
  public static String knobValue(SweepPoint p) {
    return p.knob().endsWith(MINUTES)
        ? Formats.seconds(p.value() * 60)
        : Ticks.label(p.value(), 1e-6);
  }
}
