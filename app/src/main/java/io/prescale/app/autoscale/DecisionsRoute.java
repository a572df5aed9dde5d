package io.prescale.app.autoscale;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.prescale.autoscaler.loop.AutoscalerLoop;
import io.prescale.collector.api.FunctionApi;
import io.prescale.core.FunctionKey;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.page.KeyPage;
import io.prescale.core.page.PageRequest;
import io.prescale.core.time.EpochNanos;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Duration;
import java.util.ArrayList;
import java.util.List;

/**
 * {@code GET /api/v1/decisions?limit=1000&after=KEY}: one page of the latest decision of every
 * function the loop tracks, sorted by function: at most {@code limit} (default 1000, at most
 * 10,000) after {@code after}; {@code next} is the {@code after} of the next page (null on the
 * last), {@code count} the decisions on this page, {@code total} all of them. {@code GET
 * /api/v1/decisions/{function}} (URL-encoded, e.g. {@code shop%2Fcheckout}): one function's, 404
 * when it has none. The shape of a decision is {@link DecisionJson}'s; {@code readyInstances} is
 * what the decider was told and {@code readySource} where that came from ({@code adapter-ready},
 * {@code adapter-configured}, {@code last-desired}, {@code none}). Built on a worker thread and
 * written with Jackson's streaming generator, one decision at a time.
 */
final class DecisionsRoute {
  static final String PREFIX = "/api/v1/decisions";
  private static final JsonFactory JSON = new JsonFactory();

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
    PageRequest page;
    try {
      page = PageRequest.parse(rc.request().getParam("limit"), rc.request().getParam("after"));
    } catch (IllegalArgumentException e) {
      reply(rc, 400, error(e.getMessage()).toBuffer());
      return;
    }
    rc.vertx()
        .executeBlocking(() -> page(page), false)
        .onComplete(
            ar ->
                reply(
                    rc,
                    ar.succeeded() ? 200 : 500,
                    ar.succeeded()
                        ? ar.result()
                        : error("internal error: " + ar.cause()).toBuffer()));
  }

  Buffer page(PageRequest page) {
    List<ScaleDecision> all = new ArrayList<>(loop.trackedFunctions());
    loop.forEachLatest(all::add);
    KeyPage<ScaleDecision> p = KeyPage.of(all, d -> d.function().value(), page);
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + p.keys().size() * 600);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeArrayFieldStart("decisions");
      for (ScaleDecision d : p.keys()) {
        DecisionJson.write(g, d, observations.note(d.function()).orElse(null));
      }
      g.writeEndArray();
      g.writeNumberField("count", p.keys().size());
      g.writeNumberField("total", all.size());
      g.writeStringField("next", p.next() == null ? null : p.next().function().value());
      g.writeNumberField("tickSeconds", EpochNanos.seconds(period));
      g.writeNumberField("failures", loop.failures());
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return Buffer.buffer(out.toByteArray());
  }

  private void one(RoutingContext rc) {
    String key = FunctionApi.keyOf(rc.request().path(), PREFIX);
    ScaleDecision d =
        key.isBlank() || key.length() > FunctionKey.MAX_LENGTH
            ? null
            : loop.latestDecision(FunctionKey.of(key)).orElse(null);
    if (d == null) {
      reply(
          rc,
          404,
          error("function '" + key + "' has no decision (not tracked, or not decided yet)")
              .toBuffer());
      return;
    }
    ByteArrayOutputStream out = new ByteArrayOutputStream(1024);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      DecisionJson.write(g, d, observations.note(d.function()).orElse(null));
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    reply(rc, 200, Buffer.buffer(out.toByteArray()));
  }

  private static JsonObject error(String message) {
    return new JsonObject().put("error", message);
  }

  private static void reply(RoutingContext rc, int status, Buffer body) {
    rc.response()
        .setStatusCode(status)
        .putHeader("content-type", "application/json; charset=utf-8")
        .end(body);
  }
}
