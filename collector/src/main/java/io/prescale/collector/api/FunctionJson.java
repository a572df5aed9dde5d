package io.prescale.collector.api;

import io.prescale.collector.window.BucketColumns;
import io.prescale.collector.window.FunctionSummary;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.time.Instant;
import java.util.Map;

/** JSON shapes of the function API. NaN (no data) is written as null. */
final class FunctionJson {
  private FunctionJson() {}

  static JsonObject summary(FunctionSummary s) {
    JsonObject o = new JsonObject()
        .put("function", s.function().value())
        .put("invocationsTotal", s.invocationsTotal())
        .put("coldStartsTotal", s.coldStartsTotal())
        .put("errorsTotal", s.errorsTotal())
        .put("timeoutsTotal", s.timeoutsTotal())
        .put("windowSeconds", s.windowSeconds())
        .put("arrivals", s.arrivalsInWindow())
        .put("errors", s.errorsInWindow())
        .put("coldStarts", s.coldStartsInWindow())
        .put("ratePerSecond", number(s.ratePerSecond()))
        .put("concurrency", number(s.concurrency()))
        .put("durationP50Ms", number(s.durationP50Ms()))
        .put("durationP99Ms", number(s.durationP99Ms()))
        .put("initDurationP50Ms", number(s.initDurationP50Ms()))
        .put("liveInstances", s.liveInstances());
    o.put("firstSeen", s.firstSecond() == Long.MIN_VALUE ? null : Instant.ofEpochSecond(s.firstSecond()).toString());
    o.put("lastSeen", s.lastSeenNanos() == Long.MIN_VALUE ? null
        : Instant.ofEpochSecond(Math.floorDiv(s.lastSeenNanos(), 1_000_000_000L),
            Math.floorMod(s.lastSeenNanos(), 1_000_000_000L)).toString());
    return o;
  }

  static JsonObject detail(FunctionSummary s, Map<String, String> labels, BucketColumns seconds,
      BucketColumns minutes) {
    JsonObject o = summary(s);
    o.put("labels", new JsonObject(new java.util.TreeMap<String, Object>(labels)));
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

  private static Double number(double v) {
    return Double.isNaN(v) || Double.isInfinite(v) ? null : round(v);
  }

  private static double round(double v) {
    return Math.round(v * 1e6) / 1e6;
  }
}
