package io.prescale.app.policy;

import io.prescale.core.FunctionKey;
import io.prescale.core.time.TimeSource;
import io.prescale.policy.Policy;
import io.vertx.ext.web.RoutingContext;
import java.time.Instant;
import java.time.OffsetDateTime;
import java.time.ZonedDateTime;
import java.time.format.DateTimeParseException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.function.Supplier;

/**
 * {@code GET /api/v1/policy/explain?function=KEY[&label=K=V...][&at=TIME]}: what the active policy
 * does to one function, as {@code prescale policy explain} prints it, in JSON. 400 names the bad
 * parameter.
 */
final class ExplainRoute {
  private final Supplier<Policy> policy;
  private final TimeSource time;

  ExplainRoute(Supplier<Policy> policy, TimeSource time) {
    this.policy = policy;
    this.time = time;
  }

  void handle(RoutingContext rc) {
    String function = rc.request().getParam("function");
    if (function == null || function.isBlank()) {
      fail(rc, "function is required, e.g. ?function=shop/checkout-api");
      return;
    }
    Map<String, String> labels = new LinkedHashMap<>();
    for (String kv : rc.queryParam("label")) {
      int eq = kv.indexOf('=');
      if (eq <= 0) {
        fail(rc, "label = " + kv + ", must be KEY=VALUE");
        return;
      }
      labels.put(kv.substring(0, eq), kv.substring(eq + 1));
    }
    String atText = rc.request().getParam("at");
    Instant at = atText == null ? time.instant() : parseTime(atText);
    if (at == null) {
      fail(rc, "at = " + atText + ", must be a time with an offset such as 2026-11-27T08:30:00Z");
      return;
    }
    FunctionKey key;
    try {
      key = FunctionKey.of(function);
    } catch (IllegalArgumentException e) {
      fail(rc, "function: " + e.getMessage());
      return;
    }
    rc.response()
        .putHeader("content-type", "application/json")
        .end(policy.get().explain(key, labels, at).toJson());
  }

  static Instant parseTime(String text) {
    try {
      return Instant.parse(text);
    } catch (DateTimeParseException e) {
      // next form
    }
    try {
      return OffsetDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      // next form
    }
    try {
      return ZonedDateTime.parse(text).toInstant();
    } catch (DateTimeParseException e) {
      return null;
    }
  }

  private static void fail(RoutingContext rc, String message) {
    rc.response()
        .setStatusCode(400)
        .putHeader("content-type", "text/plain; charset=utf-8")
        .end(message + "\n");
  }
}
