package io.prescale.app.adapters;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.prescale.adapter.engine.ActionRecord;
import io.prescale.adapter.engine.ScalingEngine;
import io.prescale.adapter.engine.TargetLimits;
import io.prescale.adapter.engine.TargetStatus;
import io.prescale.core.page.KeyPage;
import io.prescale.core.page.PageRequest;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.util.List;
import java.util.function.Function;
import java.util.function.Predicate;

/**
 * {@code GET
 * /api/v1/actions[?limit=N&before=SEQ&function=F&adapter=A&outcome=O&targetLimit=N&targetsAfter=ID]}:
 *
 * <ul>
 *   <li>{@code actions}: the newest adapter actions first (applies, retries, rejections, failures,
 *       drift, breaker openings, target-limit refusals) from the bounded audit log, at most {@code
 *       limit} (default 100, at most the log's capacity) older than {@code before}; {@code
 *       nextBefore} is the {@code before} of the next page (null when none is left);
 *   <li>{@code targets}: one page of every target's state, sorted by target id, at most {@code
 *       targetLimit} (default 1000, at most 10,000) after {@code targetsAfter}; {@code targetsNext}
 *       is the {@code targetsAfter} of the next page;
 *   <li>{@code targetLimits}: {@code {tracked, max, rejected}}, the engine's bound on targets and
 *       the decisions it refused.
 * </ul>
 *
 * A bad parameter answers 400 naming it, its value and the range. Built on a worker thread and
 * written with Jackson's streaming generator.
 */
final class ActionsRoute {
  private static final JsonFactory JSON = new JsonFactory();
  private final ScalingEngine engine;

  ActionsRoute(ScalingEngine engine) {
    this.engine = engine;
  }

  void handle(RoutingContext rc) {
    int capacity = engine.audit().capacity();
    PageRequest actions;
    PageRequest targets;
    long before;
    try {
      actions =
          PageRequest.parse(
              "limit", rc.request().getParam("limit"), Math.min(100, capacity), capacity, null);
      targets =
          PageRequest.parse(
              "targetLimit",
              rc.request().getParam("targetLimit"),
              PageRequest.DEFAULT_LIMIT,
              PageRequest.MAX_LIMIT,
              rc.request().getParam("targetsAfter"));
      before = seq(rc.request().getParam("before"));
    } catch (IllegalArgumentException e) {
      rc.response()
          .setStatusCode(400)
          .putHeader("content-type", "application/json")
          .end(new JsonObject().put("error", e.getMessage()).encode());
      return;
    }
    Predicate<ActionRecord> filter = r -> r.seq() < before;
    filter = filter.and(match(rc, "function", ActionRecord::function));
    filter = filter.and(match(rc, "adapter", ActionRecord::adapter));
    filter = filter.and(match(rc, "outcome", ActionRecord::outcome));
    Predicate<ActionRecord> f = filter;
    rc.vertx()
        .executeBlocking(() -> body(actions.limit(), f, targets), false)
        .onComplete(
            ar -> {
              if (ar.succeeded()) {
                rc.response().putHeader("content-type", "application/json").end(ar.result());
              } else {
                rc.response()
                    .setStatusCode(500)
                    .putHeader("content-type", "application/json")
                    .end(new JsonObject().put("error", "internal error: " + ar.cause()).encode());
              }
            });
  }

  private Buffer body(int limit, Predicate<ActionRecord> filter, PageRequest targetPage) {
    List<ActionRecord> records = engine.audit().recent(limit + 1, filter);
    boolean moreActions = records.size() > limit;
    if (moreActions) {
      records = records.subList(0, limit);
    }
    KeyPage<TargetStatus> targets = KeyPage.of(engine.targets(), TargetStatus::target, targetPage);
    TargetLimits limits = engine.limits();
    ByteArrayOutputStream out = new ByteArrayOutputStream(4096);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeArrayFieldStart("actions");
      for (ActionRecord r : records) {
        g.writeStartObject();
        g.writeNumberField("seq", r.seq());
        g.writeStringField("at", r.at().toString());
        g.writeStringField("function", r.function());
        g.writeStringField("adapter", r.adapter());
        g.writeStringField("target", r.target());
        g.writeStringField("action", r.action());
        g.writeNumberField("from", r.from());
        g.writeNumberField("to", r.to());
        g.writeStringField("outcome", r.outcome());
        g.writeNumberField("attempt", r.attempt());
        g.writeStringField("detail", r.detail());
        g.writeEndObject();
      }
      g.writeEndArray();
      if (moreActions && !records.isEmpty()) {
        g.writeNumberField("nextBefore", records.get(records.size() - 1).seq());
      } else {
        g.writeNullField("nextBefore");
      }
      g.writeNumberField("written", engine.audit().written());
      g.writeNumberField("capacity", engine.audit().capacity());
      g.writeArrayFieldStart("targets");
      for (TargetStatus t : targets.keys()) {
        g.writeStartObject();
        g.writeStringField("target", t.target());
        g.writeStringField("adapter", t.adapter());
        g.writeStringField("function", t.function());
        g.writeNumberField("desired", t.goal());
        g.writeNumberField("configured", t.configured());
        g.writeNumberField("ready", t.ready());
        g.writeNumberField("lastApplied", t.lastApplied());
        g.writeStringField("breaker", t.breaker());
        if (t.invalid() != null) {
          g.writeStringField("invalid", t.invalid());
        }
        g.writeEndObject();
      }
      g.writeEndArray();
      g.writeStringField("targetsNext", targets.next() == null ? null : targets.next().target());
      g.writeObjectFieldStart("targetLimits");
      g.writeNumberField("tracked", limits.tracked());
      g.writeNumberField("max", limits.max());
      g.writeNumberField("rejected", limits.rejected());
      g.writeEndObject();
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Buffer.buffer(out.toByteArray());
  }

  private static long seq(String value) {
    if (value == null || value.isEmpty()) {
      return Long.MAX_VALUE;
    }
    try {
      long v = Long.parseLong(value.trim());
      if (v >= 1) {
        return v;
      }
    } catch (NumberFormatException e) {
      // reported below
    }
    throw new IllegalArgumentException(
        "before = " + value + ", must be an integer in [1; " + Long.MAX_VALUE + "]");
  }

  private static Predicate<ActionRecord> match(
      RoutingContext rc, String param, Function<ActionRecord, String> field) {
    String want = rc.request().getParam(param);
    return want == null ? r -> true : r -> want.equals(field.apply(r));
  }
}
