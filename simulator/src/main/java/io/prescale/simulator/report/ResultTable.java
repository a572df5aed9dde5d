package io.prescale.simulator.report;

import io.prescale.simulator.engine.RunResult;
import java.util.List;
import java.util.Locale;

/** The console table, and the same rows as markdown for RESULTS files. */
public final class ResultTable {
  private static final String[] HEAD = {"policy", "platform", "invocations", "coldStarts", "cold%",
      "p75fn cold%", "wait p50 ms", "wait p99 ms", "wait p99.9 ms", "instance-s", "idle-s", "GB-s",
      "scaling"};

  private ResultTable() {}

  public static String text(List<RunResult> results) {
    List<String[]> rows = results.stream().map(ResultTable::cells).toList();
    int[] w = new int[HEAD.length];
    for (int i = 0; i < HEAD.length; i++) {
      w[i] = HEAD[i].length();
      for (String[] r : rows) {
        w[i] = Math.max(w[i], r[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    line(sb, HEAD, w);
    for (String[] r : rows) {
      line(sb, r, w);
    }
    return sb.toString();
  }

  public static String markdown(List<RunResult> results) {
    StringBuilder sb = new StringBuilder("| " + String.join(" | ", HEAD) + " |\n|");
    for (int i = 0; i < HEAD.length; i++) {
      sb.append(i < 2 ? "---|" : "---:|");
    }
    sb.append('\n');
    for (RunResult r : results) {
      sb.append("| ").append(String.join(" | ", cells(r))).append(" |\n");
    }
    return sb.toString();
  }

  static void line(StringBuilder sb, String[] cells, int[] w) {
    for (int i = 0; i < cells.length; i++) {
      String c = cells[i];
      if (i < 2) {
        sb.append(c).append(" ".repeat(w[i] - c.length()));
      } else {
        sb.append(" ".repeat(w[i] - c.length())).append(c);
      }
      sb.append(i + 1 < cells.length ? "  " : "\n");
    }
  }

  static String[] cells(RunResult r) {
    return new String[] {r.policy(), r.platform(), Long.toString(r.invocations()),
        Long.toString(r.coldStarts()), f("%.3f", 100 * r.coldStartRatio()),
        f("%.1f", 100 * r.coldStartRatioP75Function()), f("%.1f", r.waitP50Ms()),
        f("%.1f", r.waitP99Ms()), f("%.1f", r.waitP999Ms()), f("%.0f", r.instanceSeconds()),
        f("%.0f", r.idleInstanceSeconds()), f("%.0f", r.memoryGbSeconds()),
        Long.toString(r.scalingActions())};
  }

  static String f(String format, double v) {
    return String.format(Locale.ROOT, format, v);
  }
}
