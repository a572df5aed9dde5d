package io.prescale.simulator.report;

import java.util.List;
import java.util.Locale;

/**
 * One table layout for the report's tables: console text (the first two columns left-aligned, the
 * numbers right-aligned, columns as wide as their widest cell) and the same rows as markdown.
 */
final class TextTable {
  private TextTable() {}

  static String text(String[] head, List<String[]> rows) {
    return text(head, rows, 2);
  }

  /** The table with its first {@code textColumns} columns left-aligned. */
  static String text(String[] head, List<String[]> rows, int textColumns) {
    int[] w = new int[head.length];
    for (int i = 0; i < head.length; i++) {
      w[i] = head[i].length();
      for (String[] r : rows) {
        w[i] = Math.max(w[i], r[i].length());
      }
    }
    StringBuilder sb = new StringBuilder();
    line(sb, head, w, textColumns);
    for (String[] r : rows) {
      line(sb, r, w, textColumns);
    }
    return sb.toString();
  }

  static String markdown(String[] head, List<String[]> rows) {
    return markdown(head, rows, 2);
  }

  static String markdown(String[] head, List<String[]> rows, int textColumns) {
    StringBuilder sb = new StringBuilder("| " + String.join(" | ", head) + " |\n|");
    for (int i = 0; i < head.length; i++) {
      sb.append(i < textColumns ? "---|" : "---:|");
    }
    sb.append('\n');
    for (String[] r : rows) {
      sb.append("| ").append(String.join(" | ", r)).append(" |\n");
    }
    return sb.toString();
  }

  private static void line(StringBuilder sb, String[] cells, int[] w, int textColumns) {
    for (int i = 0; i < cells.length; i++) {
      String c = cells[i];
      if (i < textColumns) {
        sb.append(c).append(" ".repeat(w[i] - c.length()));
      } else {
        sb.append(" ".repeat(w[i] - c.length())).append(c);
      }
      sb.append(i + 1 < cells.length ? "  " : "\n");
    }
  }

  static String f(String format, double v) {
    return String.format(Locale.ROOT, format, v);
  }
}
