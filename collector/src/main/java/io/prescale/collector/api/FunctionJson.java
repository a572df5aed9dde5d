package io.prescale.collector.api;

import com.fasterxml.jackson.core.JsonFactory;
import com.fasterxml.jackson.core.JsonGenerator;
import io.prescale.collector.window.BucketColumns;
import io.prescale.collector.window.FunctionSummary;
import io.prescale.core.time.EpochNanos;
import io.vertx.core.buffer.Buffer;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.ByteArrayOutputStream;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.time.Instant;
import java.util.Map;
import java.util.TreeMap;

/** JSON shapes of the function API. NaN (no data) is written as null. */
final class FunctionJson {
  private FunctionJson() {}

  private static final JsonFactory JSON = new JsonFactory();

  static JsonObject summary(FunctionSummary s) {
    ByteArrayOutputStream out = new ByteArrayOutputStream(512);
    try (JsonGenerator g = JSON.createGenerator(out)) {
      write(g, s);
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return new JsonObject(Buffer.buffer(out.toByteArray()));
  }

  /** Writes one function's summary as a JSON object (the list streams them one after another). */
  static void write(JsonGenerator g, FunctionSummary s) throws IOException {
    g.writeStartObject();
    g.writeStringField("function", s.function().value());
    g.writeNumberField("invocationsTotal", s.invocationsTotal());
    g.writeNumberField("coldStartsTotal", s.coldStartsTotal());
    g.writeNumberField("errorsTotal", s.errorsTotal());
    g.writeNumberField("timeoutsTotal", s.timeoutsTotal());
    g.writeNumberField("windowSeconds", s.windowSeconds());
    g.writeNumberField("arrivals", s.arrivalsInWindow());
    g.writeNumberField("errors", s.errorsInWindow());
    g.writeNumberField("coldStarts", s.coldStartsInWindow());
    number(g, "ratePerSecond", s.ratePerSecond());
    number(g, "concurrency", s.concurrency());
    number(g, "durationP50Ms", s.durationP50Ms());
    number(g, "durationP99Ms", s.durationP99Ms());
    number(g, "initDurationP50Ms", s.initDurationP50Ms());
    g.writeNumberField("liveInstances", s.liveInstances());
    g.writeStringField(
        "firstSeen",
        s.firstSecond() == Long.MIN_VALUE
            ? null
            : Instant.ofEpochSecond(s.firstSecond()).toString());
    g.writeStringField(
        "lastSeen",
        s.lastSeenNanos() == Long.MIN_VALUE
            ? null
            : EpochNanos.toInstant(s.lastSeenNanos()).toString());
    g.writeEndObject();
  }

  private static void number(JsonGenerator g, String name, double v) throws IOException {
    if (Double.isNaN(v) || Double.isInfinite(v)) {
      g.writeNullField(name);
    } else {
      g.writeNumberField(name, round(v));
    }
  }

  static JsonObject detail(
      FunctionSummary s, Map<String, String> labels, BucketColumns seconds, BucketColumns minutes) {
    JsonObject o = summary(s);
    o.put("labels", new JsonObject(new TreeMap<String, Object>(labels)));
    o.put("seconds", columns(seconds));
    o.put("minutes", columns(minutes));
    return o;
  }

  static JsonObject columns(BucketColumns c) {
    JsonArray concurrency = new JsonArray();
    for (double v : c.concurrency()) {
      concurrency.add(round(v));
    }
    return new JsonObject()
        .put("start", Instant.ofEpochSecond(c.startSecond()).toString())
        .put("startEpochSecond", c.startSecond())
        .put("stepSeconds", c.stepSeconds())
        .put("arrivals", longs(c.arrivals()))
        .put("completions", longs(c.completions()))
        .put("coldStarts", longs(c.coldStarts()))
        .put("errors", longs(c.errors()))
        .put("concurrency", concurrency);
  }

  static JsonObject error(String message) {
    return new JsonObject().put("error", message);
  }

  private static JsonArray longs(long[] values) {
    JsonArray a = new JsonArray();
    for (long v : values) {
      a.add(v);
    }
    return a;
  }

  private static double round(double v) {
    return Math.round(v * 1e6) / 1e6;
  }
}
