package io.prescale.collector.openwhisk;

import com.fasterxml.jackson.databind.JsonNode;
import io.prescale.core.time.EpochNanos;
import java.util.Locale;

/**
 * One activation record as the OpenWhisk activations API lists it with {@code docs=true} (the
 * controller's {@code WhiskActivation.toExtendedJson}): {@code activationId}, {@code namespace},
 * {@code name}, {@code start}/{@code end} (epoch milliseconds), {@code duration} (ms), {@code
 * response.status} and the {@code annotations} array of {@code {key, value}} pairs ({@code path},
 * {@code kind}, {@code waitTime}, {@code initTime} on a cold start, {@code limits}).
 *
 * @param id {@code activationId}
 * @param path the fully qualified action, {@code namespace/[package/]action} (the {@code path}
 *     annotation, else {@code namespace/name}): the function key
 * @param startMillis when the action started (a cold start's initialisation included)
 * @param endMillis when it ended ({@code start + duration} when the record has no end)
 * @param status the outcome
 * @param initMillis the {@code initTime} annotation, -1 when absent (a warm start)
 * @param waitMillis the {@code waitTime} annotation, -1 when absent
 * @param kind the {@code kind} annotation ({@code nodejs:20}, {@code python:3}, {@code sequence},
 *     ...)
 * @param memoryMb {@code limits.memory}, 0 when absent
 * @param warmupEcho whether the result carries {@code "__prescale_warmup": true} (a handler that
 *     answered the marker)
 */
record Activation(
    String id,
    String path,
    long startMillis,
    long endMillis,
    Status status,
    long initMillis,
    long waitMillis,
    String kind,
    long memoryMb,
    boolean warmupEcho) {

  /** The marker parameter of warm-up invocations (and of a handler's answer to one). */
  static final String WARMUP_MARKER = "__prescale_warmup";

  /** {@code response.status}, as {@code ActivationResponse.messageForCode} writes it. */
  enum Status {
    SUCCESS("success", "success", 0),
    APPLICATION_ERROR("application error", "application_error", 1),
    DEVELOPER_ERROR("action developer error", "developer_error", 2),
    INTERNAL_ERROR("whisk internal error", "internal_error", 3);

    final String text;
    final String label;
    final int code;

    Status(String text, String label, int code) {
      this.text = text;
      this.label = label;
      this.code = code;
    }

    static Status of(String text, int code) {
      if (text != null) {
        String t = text.trim().toLowerCase(Locale.ROOT);
        for (Status s : values()) {
          if (s.text.equals(t)) {
            return s;
          }
        }
      }
      for (Status s : values()) {
        if (s.code == code) {
          return s;
        }
      }
      return null;
    }
  }

  boolean coldStart() {
    return initMillis >= 0;
  }

  /** An action's activation (not a trigger's, a rule's or a sequence's, which run no container). */
  boolean runsAContainer() {
    return kind != null && !"sequence".equals(kind);
  }

  /**
   * The record, or an exception whose message names what is wrong with it (missing id, no usable
   * name, start or end out of range).
   */
  static Activation parse(JsonNode n) {
    if (n == null || !n.isObject()) {
      throw new IllegalArgumentException("an activation must be a JSON object");
    }
    String id = text(n, "activationId");
    if (id == null) {
      throw new IllegalArgumentException("activation has no activationId");
    }
    String path = null;
    String kind = null;
    long init = -1;
    long wait = -1;
    long memory = 0;
    for (JsonNode a : n.path("annotations")) {
      JsonNode v = a.path("value");
      switch (a.path("key").asText("")) {
        case "path" -> path = v.isTextual() && !v.asText().isBlank() ? v.asText().trim() : null;
        case "kind" -> kind = v.isTextual() ? v.asText() : null;
        case "initTime" -> init = v.canConvertToLong() ? Math.max(0, v.asLong()) : init;
        case "waitTime" -> wait = v.canConvertToLong() ? Math.max(0, v.asLong()) : wait;
        case "limits" -> memory = Math.max(0, v.path("memory").asLong(0));
        default -> {}
      }
    }
    if (path == null) {
      String ns = text(n, "namespace");
      String name = text(n, "name");
      if (ns == null || name == null) {
        throw new IllegalArgumentException(
            "activation " + id + " has neither a path annotation nor namespace and name");
      }
      path = ns + "/" + name;
    }
    while (path.startsWith("/")) {
      path = path.substring(1);
    }
    long start = n.path("start").asLong(-1);
    if (start <= 0) {
      throw new IllegalArgumentException("activation " + id + " start = " + n.path("start"));
    }
    long end = n.path("end").asLong(0);
    if (end <= 0) {
      long duration = n.path("duration").asLong(-1);
      if (duration < 0) {
        throw new IllegalArgumentException("activation " + id + " has neither end nor duration");
      }
      end = start + duration;
    }
    if (end > EpochNanos.MAX_MILLI) {
      throw new IllegalArgumentException("activation " + id + " end = " + end + ", past 2262");
    }
    if (end < start) {
      throw new IllegalArgumentException(
          "activation " + id + " ends (" + end + ") before it starts (" + start + ")");
    }
    JsonNode response = n.path("response");
    int code = response.path("statusCode").asInt(n.path("statusCode").asInt(-1));
    Status status = Status.of(text(response, "status"), code);
    if (status == null) {
      status = response.path("success").asBoolean(false) ? Status.SUCCESS : Status.INTERNAL_ERROR;
    }
    boolean echo = response.path("result").path(WARMUP_MARKER).asBoolean(false);
    return new Activation(id, path, start, end, status, init, wait, kind, memory, echo);
  }

  private static String text(JsonNode n, String field) {
    JsonNode v = n.path(field);
    return v.isTextual() && !v.asText().isBlank() ? v.asText().trim() : null;
  }
}
