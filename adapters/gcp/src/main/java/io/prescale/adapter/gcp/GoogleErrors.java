package io.prescale.adapter.gcp;

import com.fasterxml.jackson.databind.JsonNode;
import io.prescale.adapter.spi.AdapterException;
import io.prescale.adapter.spi.AdapterException.Kind;
import io.prescale.core.time.Durations;
import java.time.Duration;

/**
 * Classifies a Google API error ({@code {"error": {"code", "message", "status", "details"}}} over
 * HTTP, or a {@code google.rpc.Status} in a finished long-running operation) by its canonical
 * status: RESOURCE_EXHAUSTED (429, quota) waits at least the {@code google.rpc.RetryInfo} delay or
 * Retry-After; ABORTED (409, an etag that no longer matches) and FAILED_PRECONDITION (the service
 * is busy with another change) re-read then retry; UNAVAILABLE (503), INTERNAL and
 * DEADLINE_EXCEEDED retry; NOT_FOUND, INVALID_ARGUMENT, PERMISSION_DENIED, UNAUTHENTICATED reject.
 */
final class GoogleErrors {
  private static final int MAX_MESSAGE = 300;

  private GoogleErrors() {}

  /** An HTTP error answer; {@code retryAfter} from the header, null when absent. */
  static AdapterException http(int httpStatus, JsonNode body, Duration retryAfter, String what) {
    JsonNode error = body == null ? null : body.path("error");
    String status = error == null ? "" : error.path("status").asText("");
    String message = error == null ? "" : error.path("message").asText("");
    return classify(status, httpStatus, message, retryInfo(error, retryAfter), what);
  }

  /** The {@code error} of a finished operation ({@code google.rpc.Status}: numeric code). */
  static AdapterException operation(JsonNode status, String what) {
    int code = status.path("code").asInt(2);
    String name = code >= 0 && code < CODES.length ? CODES[code] : "UNKNOWN";
    return classify(
        name,
        HTTP[Math.min(code, HTTP.length - 1)],
        status.path("message").asText(""),
        retryInfo(status, null),
        what);
  }

  private static final String[] CODES = {
    "OK",
    "CANCELLED",
    "UNKNOWN",
    "INVALID_ARGUMENT",
    "DEADLINE_EXCEEDED",
    "NOT_FOUND",
    "ALREADY_EXISTS",
    "PERMISSION_DENIED",
    "RESOURCE_EXHAUSTED",
    "FAILED_PRECONDITION",
    "ABORTED",
    "OUT_OF_RANGE",
    "UNIMPLEMENTED",
    "INTERNAL",
    "UNAVAILABLE",
    "DATA_LOSS",
    "UNAUTHENTICATED"
  };
  private static final int[] HTTP = {
    200, 499, 500, 400, 504, 404, 409, 403, 429, 400, 409, 400, 501, 500, 503, 500, 401
  };

  private static AdapterException classify(
      String status, int httpStatus, String message, Duration retryAfter, String what) {
    if (message.length() > MAX_MESSAGE) {
      message = message.substring(0, MAX_MESSAGE) + "...";
    }
    String text =
        what + ": HTTP " + httpStatus + (status.isEmpty() ? "" : " " + status) + ": " + message;
    Kind kind =
        switch (status) {
          case "RESOURCE_EXHAUSTED" -> Kind.THROTTLED;
          case "ABORTED", "FAILED_PRECONDITION" -> Kind.CONFLICT;
          case "UNAVAILABLE", "INTERNAL", "UNKNOWN", "DATA_LOSS" -> Kind.SERVER_ERROR;
          case "DEADLINE_EXCEEDED" -> Kind.TIMEOUT;
          case "NOT_FOUND",
              "INVALID_ARGUMENT",
              "PERMISSION_DENIED",
              "UNAUTHENTICATED",
              "ALREADY_EXISTS",
              "OUT_OF_RANGE",
              "UNIMPLEMENTED",
              "CANCELLED" ->
              Kind.REJECTED;
          default -> AdapterException.forStatus(httpStatus, retryAfter, "").kind();
        };
    return new AdapterException(kind, httpStatus, retryAfter, text, null);
  }

  /** The delay of a {@code google.rpc.RetryInfo} detail ({@code "30s"}), else {@code fallback}. */
  private static Duration retryInfo(JsonNode error, Duration fallback) {
    if (error == null) {
      return fallback;
    }
    for (JsonNode d : error.path("details")) {
      if (d.path("@type").asText("").endsWith("google.rpc.RetryInfo")) {
        String delay = d.path("retryDelay").asText("");
        try {
          return Durations.parse("google.rpc.RetryInfo retryDelay", delay);
        } catch (IllegalArgumentException unreadable) {
          return fallback;
        }
      }
    }
    return fallback;
  }
}
