package io.prescale.simulator.report;

import java.util.regex.Pattern;

/**
 * Function names as reports show them: each {@code /}-separated part that is a hash (16 or more hex
 * digits, as in the Azure traces or an export with opaque names) cut to its first 8 digits and an
 * ellipsis, any other part longer than 32 characters cut to 31 and an ellipsis. Pages show the full
 * name on hover ({@link ReportPage.Cell#titled}).
 */
public final class FunctionNames {
  private static final Pattern HASH = Pattern.compile("[0-9a-fA-F]{16,}");
  private static final int HASH_KEEP = 8;
  private static final int MAX_PART = 32;

  private FunctionNames() {}

  /** {@code key} shortened for display; names that need no cut come back unchanged. */
  public static String shorten(String key) {
    String[] parts = key.split("/", -1);
    StringBuilder b = new StringBuilder();
    for (int i = 0; i < parts.length; i++) {
      String p = parts[i];
      if (HASH.matcher(p).matches()) {
        p = p.substring(0, HASH_KEEP) + "…";
      } else if (p.length() > MAX_PART) {
        p = p.substring(0, MAX_PART - 1) + "…";
      }
      b.append(i == 0 ? "" : "/").append(p);
    }
    return b.toString();
  }
}
