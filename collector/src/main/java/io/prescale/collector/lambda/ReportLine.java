package io.prescale.collector.lambda;

import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * The plain-text {@code REPORT} line Lambda writes to CloudWatch Logs after every invocation:
 *
 * <pre>
 * REPORT RequestId: 8f5...c95  Duration: 12.34 ms  Billed Duration: 13 ms  Memory Size: 128 MB
 *   Max Memory Used: 70 MB  Init Duration: 150.00 ms
 * </pre>
 *
 * fields separated by tabs (or spaces, as some pipelines rewrite them), {@code Init Duration} on
 * on-demand cold starts, {@code Restore Duration} and {@code Billed Restore Duration} after a
 * SnapStart restore, {@code Status} (and {@code Error Type}) when the invocation did not succeed,
 * an {@code XRAY TraceId} line when traced. Fields are matched by name, so their order and extra
 * fields do not matter.
 */
final class ReportLine {
  static final String PREFIX = "REPORT RequestId:";

  private static final Pattern FIELD =
      Pattern.compile(
          "(Billed Restore Duration|Restore Duration|Billed Duration|Init Duration|Max Memory Used"
              + "|Memory Size|Duration|RequestId|Status): *([^\\s]+)( ms| MB)?");

  private ReportLine() {}

  /** Whether the message is a REPORT line (else it is not an invocation report at all). */
  static boolean is(String message) {
    return message.startsWith(PREFIX);
  }

  /**
   * Parses a REPORT line written at {@code endNanos}.
   *
   * @throws IllegalArgumentException naming the field and value that cannot be read
   */
  static LambdaReport parse(String line, long endNanos) {
    String requestId = null;
    double duration = Double.NaN;
    double billed = 0;
    double init = Double.NaN;
    double restore = Double.NaN;
    long memory = 0;
    long used = 0;
    String status = "success";
    Matcher m = FIELD.matcher(line);
    while (m.find()) {
      String value = m.group(2);
      switch (m.group(1)) {
        case "RequestId" -> requestId = value;
        case "Duration" -> duration = millis("Duration", value, m.group(3));
        case "Billed Duration" -> billed = millis("Billed Duration", value, m.group(3));
        case "Init Duration" -> init = millis("Init Duration", value, m.group(3));
        case "Restore Duration" -> restore = millis("Restore Duration", value, m.group(3));
        case "Memory Size" -> memory = megabytes("Memory Size", value, m.group(3));
        case "Max Memory Used" -> used = megabytes("Max Memory Used", value, m.group(3));
        case "Status" -> status = value;
        default -> {} // Billed Restore Duration: not needed
      }
    }
    if (requestId == null) {
      throw new IllegalArgumentException("REPORT line without RequestId");
    }
    if (Double.isNaN(duration)) {
      throw new IllegalArgumentException("REPORT line without Duration");
    }
    return new LambdaReport(
        requestId, endNanos, duration, Math.round(billed), memory, used, init, restore, status);
  }

  private static double millis(String field, String value, String unit) {
    double v;
    try {
      v = Double.parseDouble(value);
    } catch (NumberFormatException e) {
      v = Double.NaN;
    }
    if (!" ms".equals(unit) || !(v >= 0 && v <= LambdaReport.MAX_MS)) {
      throw new IllegalArgumentException(
          field
              + " = '"
              + LambdaFunction.shorten(value + (unit == null ? "" : unit))
              + "', must be a number of ms in [0; "
              + (long) LambdaReport.MAX_MS
              + "]");
    }
    return v;
  }

  private static long megabytes(String field, String value, String unit) {
    long v;
    try {
      v = Long.parseLong(value);
    } catch (NumberFormatException e) {
      v = -1;
    }
    if (!" MB".equals(unit) || v < 0 || v > LambdaReport.MAX_MB) {
      throw new IllegalArgumentException(
          field
              + " = '"
              + LambdaFunction.shorten(value + (unit == null ? "" : unit))
              + "', must be an integer number of MB in [0; "
              + LambdaReport.MAX_MB
              + "]");
    }
    return v;
  }
}
