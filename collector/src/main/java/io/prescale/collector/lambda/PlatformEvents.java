package io.prescale.collector.lambda;

import com.fasterxml.jackson.databind.JsonNode;
import io.prescale.core.time.EpochNanos;
import java.time.Instant;
import java.time.format.DateTimeParseException;

/**
 * Telemetry API events ({@code {"time", "type", "record"}}, schema of the Lambda Telemetry API
 * event reference) into a {@link LambdaBatch}: {@code platform.report} is an invocation, {@code
 * platform.initStart} tells how the environment was initialised; every other type ({@code
 * platform.start}, {@code platform.runtimeDone}, {@code function}, ...) is ignored. The same events
 * appear in CloudWatch Logs when a function logs in JSON format.
 */
final class PlatformEvents {
  static final String REPORT = "platform.report";
  static final String INIT_START = "platform.initStart";

  private PlatformEvents() {}

  /** Adds one event; {@code where} names it in a malformed-record message. */
  static void add(LambdaBatch batch, LambdaFunction fn, JsonNode event, String where) {
    try {
      if (!event.isObject()) {
        throw new IllegalArgumentException("is not a JSON object");
      }
      String type = text(event, "type", "type");
      switch (type) {
        case REPORT -> batch.report(fn, report(event));
        case INIT_START -> batch.initStart(fn, initType(event));
        default -> batch.skip();
      }
    } catch (IllegalArgumentException e) {
      batch.malformed(where + ": " + e.getMessage());
    }
  }

  private static LambdaReport report(JsonNode event) {
    long end = time(event);
    JsonNode record = object(event, "record", "record");
    JsonNode metrics = object(record, "metrics", "record.metrics");
    String status = record.path("status").isMissingNode() ? "success" : null;
    if (status == null) {
      status = text(record, "status", "record.status");
    }
    return new LambdaReport(
        text(record, "requestId", "record.requestId"),
        end,
        millis(metrics, "durationMs", true),
        Math.round(millis(metrics, "billedDurationMs", false, 0)),
        megabytes(metrics, "memorySizeMB"),
        megabytes(metrics, "maxMemoryUsedMB"),
        millis(metrics, "initDurationMs", false),
        millis(metrics, "restoreDurationMs", false),
        status);
  }

  private static InitType initType(JsonNode event) {
    time(event);
    JsonNode record = object(event, "record", "record");
    String value = text(record, "initializationType", "record.initializationType");
    InitType t = InitType.of(value);
    if (t == null) {
      throw new IllegalArgumentException(
          "record.initializationType = '"
              + LambdaFunction.shorten(value)
              + "', must be on-demand, provisioned-concurrency or snap-start");
    }
    return t;
  }

  static long time(JsonNode event) {
    String t = text(event, "time", "time");
    try {
      return EpochNanos.of(Instant.parse(t));
    } catch (DateTimeParseException | ArithmeticException e) {
      throw new IllegalArgumentException(
          "time = '"
              + LambdaFunction.shorten(t)
              + "', must be an ISO-8601 UTC time like 2022-10-12T00:01:15.000Z");
    }
  }

  private static JsonNode object(JsonNode parent, String field, String path) {
    JsonNode n = parent.get(field);
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException(path + " is missing or not an object");
    }
    return n;
  }

  private static String text(JsonNode parent, String field, String path) {
    JsonNode n = parent.get(field);
    if (n == null || !n.isTextual() || n.asText().isBlank()) {
      throw new IllegalArgumentException(path + " is missing or not a string");
    }
    return n.asText();
  }

  private static double millis(JsonNode metrics, String field, boolean required) {
    return millis(metrics, field, required, Double.NaN);
  }

  private static double millis(JsonNode metrics, String field, boolean required, double fallback) {
    JsonNode n = metrics.get(field);
    if (n == null || n.isNull()) {
      if (required) {
        throw new IllegalArgumentException("record.metrics." + field + " is missing");
      }
      return fallback;
    }
    double v = n.isNumber() ? n.asDouble() : Double.NaN;
    if (!(v >= 0 && v <= LambdaReport.MAX_MS)) {
      throw new IllegalArgumentException(
          "record.metrics."
              + field
              + " = "
              + LambdaFunction.shorten(n.toString())
              + ", must be a number of ms in [0; "
              + (long) LambdaReport.MAX_MS
              + "]");
    }
    return v;
  }

  private static long megabytes(JsonNode metrics, String field) {
    JsonNode n = metrics.get(field);
    if (n == null || n.isNull()) {
      return 0;
    }
    if (!n.canConvertToLong() || n.asLong() < 0 || n.asLong() > LambdaReport.MAX_MB) {
      throw new IllegalArgumentException(
          "record.metrics."
              + field
              + " = "
              + LambdaFunction.shorten(n.toString())
              + ", must be an integer number of MB in [0; "
              + LambdaReport.MAX_MB
              + "]");
    }
    return n.asLong();
  }
}
