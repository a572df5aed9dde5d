package io.prescale.collector.window;

import io.prescale.core.observe.Observation;

/**
 * What must hold of every tracked function whatever came in: totals, window counts, rates,
 * in-flight and durations never negative, never NaN (a duration quantile is NaN only when none was
 * seen), and every read the API and the autoscaler make answers without throwing.
 */
public final class StoreInvariants {
  private StoreInvariants() {}

  /**
   * Checks every function of {@code store} read at {@code nowNanos}; throws {@link AssertionError}.
   */
  public static void check(FunctionStore store, long nowNanos) {
    for (FunctionWindows w : store.all()) {
      check(w, nowNanos);
    }
  }

  static void check(FunctionWindows w, long nowNanos) {
    String f = w.function().toString();
    nonNegative(f, "invocationsTotal", w.invocationsTotal());
    nonNegative(f, "coldStartsTotal", w.coldStartsTotal());
    nonNegative(f, "errorsTotal", w.errorsTotal());
    nonNegative(f, "timeoutsTotal", w.timeoutsTotal());
    nonNegative(f, "lateDropped", w.lateDropped());
    for (int window : new int[] {300, 7200}) {
      FunctionSummary s = w.summary(nowNanos, window);
      nonNegative(f, "arrivalsInWindow", s.arrivalsInWindow());
      nonNegative(f, "errorsInWindow", s.errorsInWindow());
      nonNegative(f, "coldStartsInWindow", s.coldStartsInWindow());
      nonNegative(f, "liveInstances", s.liveInstances());
      finite(f, "ratePerSecond", s.ratePerSecond());
      finite(f, "concurrency", s.concurrency());
      quantile(f, "durationP50Ms", s.durationP50Ms());
      quantile(f, "durationP99Ms", s.durationP99Ms());
      quantile(f, "initDurationP50Ms", s.initDurationP50Ms());
    }
    long nowSec = Math.floorDiv(nowNanos, 1_000_000_000L);
    columns(f, w.seconds(nowSec - 900, 1000));
    columns(f, w.minutes(Math.floorDiv(nowSec, 60) - 200, 210));
    DurationHistogram h = w.durationHistogram();
    for (long c : h.counts()) {
      nonNegative(f, "histogram bucket", c);
    }
    nonNegative(f, "histogram count", h.count());
    if (!Double.isFinite(h.sum()) || h.sum() < 0) {
      throw new AssertionError(f + ": histogram sum = " + h.sum());
    }
    Observation o = w.view(1, nowNanos);
    for (long s = nowSec - 5; s < nowSec; s++) {
      nonNegative(f, "view arrivals", o.arrivals(s));
      finite(f, "view concurrency", o.concurrency(s));
    }
    nonNegative(f, "view minute arrivals", o.minuteArrivals(Math.floorDiv(nowSec, 60) - 1));
    finite(f, "view minute concurrency", o.minuteConcurrency(Math.floorDiv(nowSec, 60) - 1));
    quantile(f, "view duration quantile", o.durationQuantileSeconds(0.9));
    quantile(f, "view init duration quantile", o.initDurationQuantileSeconds(0.9));
  }

  private static void columns(String f, BucketColumns c) {
    for (int i = 0; i < c.size(); i++) {
      nonNegative(f, "arrivals[" + i + "]", c.arrivals()[i]);
      nonNegative(f, "completions[" + i + "]", c.completions()[i]);
      nonNegative(f, "coldStarts[" + i + "]", c.coldStarts()[i]);
      nonNegative(f, "errors[" + i + "]", c.errors()[i]);
      finite(f, "concurrency[" + i + "]", c.concurrency()[i]);
    }
  }

  private static void nonNegative(String f, String what, long v) {
    if (v < 0) {
      throw new AssertionError(f + ": " + what + " = " + v + ", must be >= 0");
    }
  }

  private static void finite(String f, String what, double v) {
    if (!Double.isFinite(v) || v < 0) {
      throw new AssertionError(f + ": " + what + " = " + v + ", must be finite and >= 0");
    }
  }

  private static void quantile(String f, String what, double v) {
    if (!Double.isNaN(v) && (Double.isInfinite(v) || v < 0)) {
      throw new AssertionError(
          f + ": " + what + " = " + v + ", must be NaN (none) or finite and >= 0");
    }
  }
}
