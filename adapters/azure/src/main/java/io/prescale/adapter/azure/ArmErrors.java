package io.prescale.adapter.azure;

import com.fasterxml.jackson.databind.JsonNode;
import io.prescale.adapter.spi.AdapterException;
import io.prescale.adapter.spi.AdapterException.Kind;
import java.time.Duration;
import java.util.Locale;

/**
 * Classifies an Azure Resource Manager error ({@code {"error": {"code", "message"}}}): 429 waits at
 * least Retry-After; 409 (another operation on the app in progress) and 412 re-read then retry; 5xx
 * retries; other 4xx (404 app not found, 400 a value out of range, 403 missing role) reject. A
 * failed asynchronous operation is classified by its error code the same way.
 */
final class ArmErrors {
  private static final int MAX_MESSAGE = 300;

  private ArmErrors() {}

  static AdapterException http(int status, JsonNode body, Duration retryAfter, String what) {
    Kind kind =
        status == 412 ? Kind.CONFLICT : AdapterException.forStatus(status, retryAfter, "").kind();
    return new AdapterException(
        kind, status, retryAfter, what + ": HTTP " + status + describe(body), null);
  }

  /** A terminal {@code Failed} or {@code Canceled} asynchronous operation. */
  static AdapterException operation(String status, JsonNode body, String what) {
    String code = body == null ? "" : body.path("error").path("code").asText("");
    String c = code.toLowerCase(Locale.ROOT);
    Kind kind;
    if (c.contains("conflict") || c.contains("inprogress") || status.equals("Canceled")) {
      kind = Kind.CONFLICT;
    } else if (c.contains("toomanyrequests") || c.contains("throttl")) {
      kind = Kind.THROTTLED;
    } else if (c.startsWith("badrequest")
        || c.startsWith("invalid")
        || c.contains("notfound")
        || c.contains("authorization")) {
      kind = Kind.REJECTED;
    } else {
      kind = Kind.SERVER_ERROR;
    }
    return new AdapterException(
        kind, 0, null, what + ": operation " + status + describe(body), null);
  }

  private static String describe(JsonNode body) {
    if (body == null) {
      return "";
    }
    JsonNode e = body.path("error");
    String code = e.path("code").asText("");
    String message = e.path("message").asText("");
    if (message.length() > MAX_MESSAGE) {
      message = message.substring(0, MAX_MESSAGE) + "...";
    }
    return code.isEmpty() && message.isEmpty() ? "" : ": " + code + ": " + message;
  }
}
