package io.prescale.app.autoscale;

import io.prescale.autoscaler.loop.AutoscalerLoop;
import io.prescale.core.FunctionKey;
import io.prescale.core.decide.ScaleDecision;
import io.vertx.core.json.JsonObject;
import io.vertx.core.json.JsonArray;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.time.Duration;
import java.util.Map;
import java.util.TreeMap;

/**
 * {@code GET /api/v1/decisions}: the latest decision of every function the loop tracks, sorted by
 * function; {@code GET /api/v1/decisions/{function}} (URL-encoded, e.g. {@code shop%2Fcheckout}):
 * one function's, 404 when it has none. Each decision reads
 * <pre>{"function", "at", "valid", "desiredInstances" (null when not valid: keep the current scale),
 *  "keepAliveSeconds" (when set), "decider", "reason", "signals": {name: number},
 *  "rule", "adapter", "readyInstances", "readySource"}</pre>
 * where {@code readyInstances} is what the decider was told and {@code readySource} where that came
 * from ({@code adapter-ready}, {@code adapter-configured}, {@code last-desired}, {@code none}).
 */
final class DecisionsRoute {
  static final String PREFIX = "/api/v1/decisions";

  private final AutoscalerLoop loop;
  private final StoreObservations observations;
  private final Duration period;

  DecisionsRoute(AutoscalerLoop loop, StoreObservations observations, Duration period) {
    this.loop = loop;
    this.observations = observations;
    this.period = period;
  }

  void mount(Router router) {
    router.get(PREFIX).handler(this::list);
    router.get(PREFIX + "/").handler(this::list);
    router.get(PREFIX + "/*").handler(this::one);
  }

  private void list(RoutingContext rc) {
    rc.vertx().executeBlocking(() -> {
      Map<FunctionKey, ScaleDecision> latest = loop.latestDecisions();
      JsonArray decisions = new JsonArray();
      latest.values().forEach(d -> decisions.add(json(d)));
      return new JsonObject().put("decisions", decisions).put("count", decisions.size())
          .put("tickSeconds", period.toMillis() / 1000.0).put("failures", loop.failures());
    }, false).onComplete(ar -> reply(rc, ar.succeeded() ? 200 : 500,
        ar.succeeded() ? ar.result() : error("internal error: " + ar.cause())));
  }

  private void one(RoutingContext rc) {
    String raw = rc.request().path().substring(PREFIX.length() + 1);
    String key = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    if (key.endsWith("/")) {
      key = key.substring(0, key.length() - 1);
    }
    ScaleDecision d = key.isBlank() || key.length() > FunctionKey.MAX_LENGTH ? null
        : loop.latestDecision(FunctionKey.of(key)).orElse(null);
    if (d == null) {
      reply(rc, 404, error("function '" + key + "' has no decision (not tracked, or not decided yet)"));
    } else {
      reply(rc, 200, json(d));
    }
  }

  JsonObject json(ScaleDecision d) {
    JsonObject o = new JsonObject().put("function", d.function().value()).put("at", d.at().toString())
        .put("valid", d.valid()).put("desiredInstances", d.valid() ? d.desiredInstances() : null);
    if (d.keepAlive() != null) {
      o.put("keepAliveSeconds", d.keepAlive().toMillis() / 1000.0);
    }
    o.put("decider", d.decider()).put("reason", d.reason());
    JsonObject signals = new JsonObject();
    new TreeMap<>(d.signals()).forEach((k, v) -> signals.put(k, v != null && Double.isFinite(v) ? v : null));
    o.put("signals", signals);
    observations.note(d.function()).ifPresent(n -> o.put("rule", n.rule()).put("adapter", n.adapter())
        .put("readyInstances", n.readyInstances()).put("readySource", n.readySource()));
    return o;
  }

  private static JsonObject error(String message) {
    return new JsonObject().put("error", message);
  }

  private static void reply(RoutingContext rc, int status, JsonObject body) {
    rc.response().setStatusCode(status).putHeader("content-type", "application/json; charset=utf-8")
        .end(body.encode());
  }
}
