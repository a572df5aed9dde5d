package io.prescale.app.adapters;

import io.prescale.adapter.engine.ActionRecord;
import io.prescale.adapter.engine.ScalingEngine;
import io.prescale.adapter.engine.TargetStatus;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.util.List;
import java.util.function.Predicate;

/**
 * {@code GET /api/v1/actions[?limit=N&function=F&adapter=A&outcome=O]}: the newest adapter actions
 * first (applies, retries, rejections, failures, drift, breaker openings) from the bounded audit
 * log, plus every target's current state.
 */
final class ActionsRoute {
  private final ScalingEngine engine;

  ActionsRoute(ScalingEngine engine) {
    this.engine = engine;
  }

  void handle(RoutingContext rc) {
    int capacity = engine.audit().capacity();
    String limitParam = rc.request().getParam("limit");
    int limit = 100;
    if (limitParam != null) {
      try {
        limit = Integer.parseInt(limitParam);
      } catch (NumberFormatException e) {
        limit = -1;
      }
      if (limit < 1 || limit > capacity) {
        rc.response().setStatusCode(400).putHeader("content-type", "application/json")
            .end(new JsonObject().put("error", "limit = " + limitParam + ", must be an integer in [1; "
                + capacity + "]").encode());
        return;
      }
    }
    Predicate<ActionRecord> filter = r -> true;
    filter = filter.and(match(rc, "function", ActionRecord::function));
    filter = filter.and(match(rc, "adapter", ActionRecord::adapter));
    filter = filter.and(match(rc, "outcome", ActionRecord::outcome));
    List<ActionRecord> records = engine.audit().recent(limit, filter);
    JsonArray actions = new JsonArray();
    for (ActionRecord r : records) {
      actions.add(new JsonObject().put("seq", r.seq()).put("at", r.at().toString()).put("function", r.function())
          .put("adapter", r.adapter()).put("target", r.target()).put("action", r.action()).put("from", r.from())
          .put("to", r.to()).put("outcome", r.outcome()).put("attempt", r.attempt()).put("detail", r.detail()));
    }
    JsonArray targets = new JsonArray();
    for (TargetStatus t : engine.targets()) {
      JsonObject o = new JsonObject().put("target", t.target()).put("adapter", t.adapter())
          .put("function", t.function()).put("desired", t.goal()).put("configured", t.configured())
          .put("ready", t.ready()).put("lastApplied", t.lastApplied()).put("breaker", t.breaker());
      if (t.invalid() != null) {
        o.put("invalid", t.invalid());
      }
      targets.add(o);
    }
    rc.response().putHeader("content-type", "application/json")
        .end(new JsonObject().put("actions", actions).put("written", engine.audit().written())
            .put("capacity", capacity).put("targets", targets).encode());
  }

  private static Predicate<ActionRecord> match(RoutingContext rc, String param,
      java.util.function.Function<ActionRecord, String> field) {
    String want = rc.request().getParam(param);
    return want == null ? r -> true : r -> want.equals(field.apply(r));
  }
}
