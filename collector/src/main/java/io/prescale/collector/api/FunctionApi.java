package io.prescale.collector.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.prescale.collector.window.FunctionStore;
import io.prescale.collector.window.FunctionSummary;
import io.prescale.collector.window.FunctionWindows;
import io.prescale.core.FunctionKey;
import io.prescale.core.page.KeyPage;
import io.prescale.core.page.PageRequest;
import io.prescale.core.time.EpochNanos;
import io.prescale.core.time.TimeSource;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.http.HttpHeaders;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import io.vertx.ext.web.RoutingContext;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.net.URLDecoder;
import java.nio.charset.StandardCharsets;
import java.util.List;
import java.util.Objects;
import java.util.function.Function;

/**
 * The function query API, mounted on the API server's router with {@link #mount(Router)}.
 *
 * <ul>
 *   <li>{@code GET /api/v1/functions?window=5m&limit=1000&after=KEY}: one page of the tracked
 *       functions, sorted by key: at most {@code limit} (default 1000, at most 10,000) whose key
 *       comes after {@code after}; {@code next} is the {@code after} of the next page (null on the
 *       last). Each: totals since first seen, and rate, concurrency and counts over {@code window}
 *       (default 5m, 1s to the retained minutes), recent duration percentiles. Written with
 *       Jackson's streaming generator, one function at a time.
 *   <li>{@code GET /api/v1/functions/{key}?window=5m&seconds=300&minutes=60}: one function with its
 *       labels, the last {@code seconds} one-second buckets and the last {@code minutes} one-minute
 *       buckets. Keys contain {@code /}: send it URL-encoded ({@code shop%2Fcheckout}) or plain
 *       ({@code /api/v1/functions/shop/checkout}); both work. Unknown keys answer 404 with a JSON
 *       error.
 * </ul>
 *
 * A bad parameter answers 400 {@code {"error": "<name> = <value>, must be in <range>"}}. Responses
 * are built on a worker thread, never on the event loop.
 */
public final class FunctionApi {
  public static final String PREFIX = "/api/v1/functions";
  private static final int DEFAULT_WINDOW = 300;
  private static final JsonFactory JSON = new JsonFactory();

  private final FunctionStore store;
  private final TimeSource time;

  public FunctionApi(FunctionStore store, TimeSource time) {
    this.store = Objects.requireNonNull(store, "store");
    this.time = Objects.requireNonNull(time, "time");
  }

  /** Adds the routes to {@code router}. */
  public FunctionApi mount(Router router) {
    router.get(PREFIX).handler(rc -> respond(rc, this::list));
    router.get(PREFIX + "/").handler(rc -> respond(rc, this::list));
    router.get(PREFIX + "/*").handler(rc -> respond(rc, this::one));
    return this;
  }

  private int maxWindowSeconds() {
    return store.windowConfig().retainedMinutes() * 60;
  }

  Reply list(RoutingContext rc) {
    int window =
        QueryParams.durationSeconds(
            "window", rc.request().getParam("window"), DEFAULT_WINDOW, maxWindowSeconds());
    PageRequest page;
    try {
      page = PageRequest.parse(rc.request().getParam("limit"), rc.request().getParam("after"));
    } catch (IllegalArgumentException e) {
      throw new QueryParams.BadParameter(e.getMessage());
    }
    long now = time.epochNanos();
    List<FunctionKey> keys = store.keys();
    KeyPage<FunctionKey> p = KeyPage.of(keys, FunctionKey::value, page);
    ByteArrayOutputStream out = new ByteArrayOutputStream(64 + p.keys().size() * 400);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      g.writeStartObject();
      g.writeArrayFieldStart("functions");
      int count = 0;
      for (FunctionKey k : p.keys()) {
        FunctionWindows w = store.get(k);
        if (w != null) {
          FunctionJson.write(g, w.summary(now, window));
          count++;
        }
      }
      g.writeEndArray();
      g.writeNumberField("count", count);
      g.writeNumberField("tracked", keys.size());
      g.writeStringField("next", p.next() == null ? null : p.next().value());
      g.writeBooleanField("truncated", p.next() != null);
      g.writeNumberField("windowSeconds", window);
      g.writeEndObject();
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new Reply(200, Buffer.buffer(out.toByteArray()));
  }

  /**
   * The function key in {@code path} after {@code prefix + "/"}: percent-decoded ({@code +} stays a
   * plus), one trailing slash dropped. The one rule for every {@code .../{key}} route.
   */
  public static String keyOf(String path, String prefix) {
    String raw = path.substring(Math.min(path.length(), prefix.length() + 1));
    String key = URLDecoder.decode(raw.replace("+", "%2B"), StandardCharsets.UTF_8);
    return key.endsWith("/") ? key.substring(0, key.length() - 1) : key;
  }

  Reply one(RoutingContext rc) {
    String key = keyOf(rc.request().path(), PREFIX);
    int window =
        QueryParams.durationSeconds(
            "window", rc.request().getParam("window"), DEFAULT_WINDOW, maxWindowSeconds());
    int seconds =
        QueryParams.integer(
            "seconds",
            rc.request().getParam("seconds"),
            300,
            1,
            store.windowConfig().retainedSeconds());
    int minutes =
        QueryParams.integer(
            "minutes",
            rc.request().getParam("minutes"),
            60,
            1,
            store.windowConfig().retainedMinutes());
    FunctionWindows w =
        key.isBlank() || key.length() > FunctionKey.MAX_LENGTH
            ? null
            : store.get(FunctionKey.of(key));
    if (w == null) {
      return Reply.of(404, FunctionJson.error("function '" + key + "' is not tracked"));
    }
    long now = time.epochNanos();
    long nowSec = EpochNanos.second(now);
    long nowMin = Math.floorDiv(nowSec, 60);
    FunctionSummary s = w.summary(now, window);
    return Reply.of(
        200,
        FunctionJson.detail(
            s,
            store.labels(w.function()),
            w.seconds(nowSec - seconds + 1, seconds),
            w.minutes(nowMin - minutes + 1, minutes)));
  }

  record Reply(int status, Buffer body) {
    static Reply of(int status, JsonObject body) {
      return new Reply(status, body.toBuffer());
    }
  }

  private static void respond(RoutingContext rc, Function<RoutingContext, Reply> handler) {
    rc.vertx()
        .executeBlocking(
            () -> {
              try {
                return handler.apply(rc);
              } catch (QueryParams.BadParameter e) {
                return Reply.of(400, FunctionJson.error(e.getMessage()));
              }
            },
            false)
        .onComplete(
            ar -> {
              Reply r =
                  ar.succeeded()
                      ? ar.result()
                      : Reply.of(500, FunctionJson.error("internal error: " + ar.cause()));
              rc.response()
                  .setStatusCode(r.status())
                  .putHeader(HttpHeaders.CONTENT_TYPE, "application/json; charset=utf-8")
                  .end(r.body());
            });
  }
}
