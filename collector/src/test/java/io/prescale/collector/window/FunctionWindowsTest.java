package io.prescale.collector.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.core.FunctionKey;
import io.prescale.core.Invocation;
import io.prescale.core.Trigger;
import io.prescale.core.observe.Observation;
import java.time.Duration;
import org.junit.jupiter.api.Test;

class FunctionWindowsTest {
  private static final long S = 1_000_000_000L;
  private static final long T0 = 1_800_000_000L; // epoch second, a minute boundary multiple of 60
  private static final FunctionKey F = FunctionKey.of("shop/checkout");

  private static Invocation inv(double startSec, double endSec) {
    return inv(startSec, endSec, false, false, null);
  }

  private static Invocation inv(
      double startSec, double endSec, boolean cold, boolean error, String instance) {
    return new Invocation(
        F,
        T0 * S + Math.round(startSec * S),
        T0 * S + Math.round(endSec * S),
        cold,
        Trigger.HTTP,
        error,
        instance,
        0);
  }

  private static FunctionWindows windows() {
    return new FunctionWindows(F, WindowConfig.defaults());
  }

  @Test
  void concurrencyIsReconstructedAcrossSecondEdges() {
    FunctionWindows w = windows();
    w.recordInvocation(inv(0.5, 2.25)); // 0.5 in s0, 1.0 in s1, 0.25 in s2
    w.recordInvocation(inv(1.0, 1.5)); // 0.5 in s1
    Observation o = w.view(3);
    assertEquals(0.5, o.concurrency(T0), 1e-9);
    assertEquals(1.5, o.concurrency(T0 + 1), 1e-9);
    assertEquals(0.25, o.concurrency(T0 + 2), 1e-9);
    assertEquals(0, o.concurrency(T0 + 3), 1e-9);
    assertEquals(1, o.arrivals(T0));
    assertEquals(1, o.arrivals(T0 + 1));
    assertEquals(3, o.readyInstances());
    assertEquals(T0, o.firstSecond());
    BucketColumns c = w.seconds(T0, 3);
    assertEquals(1, c.completions()[1]);
    assertEquals(1, c.completions()[2]);
  }

  @Test
  void minuteRollupHoldsArrivalsAndMeanConcurrencyAcrossMinuteEdge() {
    FunctionWindows w = windows();
    w.recordInvocation(inv(30, 90)); // 30 s in minute 0, 30 s in minute 1
    w.recordInvocation(inv(100, 106)); // 6 s in minute 1
    w.recordInvocation(inv(150, 151, true, true, "i-1"));
    long m0 = T0 / 60;
    Observation o = w.view(1);
    assertEquals(1, o.minuteArrivals(m0));
    assertEquals(1, o.minuteArrivals(m0 + 1));
    assertEquals(1, o.minuteArrivals(m0 + 2));
    assertEquals(30.0 / 60, o.minuteConcurrency(m0), 1e-9);
    BucketColumns c = w.minutes(m0, 3);
    assertEquals(0, c.completions()[0]);
    assertEquals(2, c.completions()[1]);
    assertEquals(1, c.completions()[2]);
    assertEquals(1, c.errors()[2]);
    assertEquals(1, c.coldStarts()[2]);
    assertEquals((30.0 + 6) / 60, c.concurrency()[1], 1e-9);
    assertEquals(1.0 / 60, c.concurrency()[2], 1e-9);
    assertEquals(3, w.invocationsTotal());
    assertEquals(1, w.coldStartsTotal());
    assertEquals(1, w.errorsTotal());
  }

  @Test
  void lateDataWithinLatenessGoesIntoItsOwnBucketLaterIsRefused() {
    FunctionWindows w = windows();
    w.recordInvocation(inv(600, 601));
    assertTrue(w.recordInvocation(inv(400, 401))); // 200 s late: accepted
    assertFalse(w.recordInvocation(inv(200, 201))); // 400 s late: refused
    Observation o = w.view(0);
    assertEquals(1, o.arrivals(T0 + 400));
    assertEquals(0, o.arrivals(T0 + 200));
    assertEquals(1.0, o.concurrency(T0 + 400), 1e-9);
    assertEquals(1, w.lateDropped());
    assertEquals(2, w.invocationsTotal());
  }

  @Test
  void observationAtNowDoesNotReadTheFuture() {
    FunctionWindows w = windows();
    w.recordInvocation(inv(10, 12));
    w.recordInvocation(inv(70, 71));
    Observation o = w.view(0, (T0 + 11) * S + S / 2);
    assertEquals(1.0, o.concurrency(T0 + 10), 1e-9);
    assertEquals(0, o.concurrency(T0 + 11), 1e-9); // partial second at now
    assertEquals(0, o.arrivals(T0 + 70));
    assertEquals(0, o.minuteArrivals(T0 / 60 + 1));
    assertEquals(1, o.minuteArrivals(T0 / 60));
    assertEquals(
        1.0 / 11,
        o.minuteConcurrency(T0 / 60),
        1e-9); // 1 in-flight second over 11 complete seconds
    assertEquals((T0 + 10) * S, o.lastArrivalNanos());
    // the plain view stops at the newest data recorded so far
    Observation plain = w.view(0);
    w.recordInvocation(inv(80, 81));
    assertEquals(0, plain.arrivals(T0 + 80));
  }

  @Test
  void liveSamplesTakePrecedenceOverSpansForTheirSecond() {
    FunctionWindows w = windows();
    w.recordInvocation(inv(0, 2));
    assertTrue(w.recordConcurrency(T0 + 1, 4.0));
    w.recordInvocation(inv(1, 3)); // adds to s1 (sampled: ignored) and s2
    Observation o = w.view(0);
    assertEquals(1.0, o.concurrency(T0), 1e-9);
    assertEquals(4.0, o.concurrency(T0 + 1), 1e-9);
    assertEquals(1.0, o.concurrency(T0 + 2), 1e-9);
    BucketColumns m = w.minutes(T0 / 60, 1);
    assertEquals((1.0 + 4 + 1) / 60, m.concurrency()[0], 1e-9);
  }

  @Test
  void durationQuantilesAndClassicHistogram() {
    FunctionWindows w = windows();
    for (int i = 1; i <= 100; i++) {
      w.recordInvocation(inv(i, i + i / 1000.0));
    }
    double p50 = w.view(0).durationQuantileSeconds(0.5);
    assertEquals(0.050, p50, 0.050 * 0.03);
    DurationHistogram h = w.durationHistogram();
    assertEquals(100, h.count());
    assertEquals(5, h.counts()[0]); // 1..5 ms <= 0.005
    assertEquals(5, h.counts()[1]); // 6..10 ms
    assertEquals(Double.NaN, windows().view(0).durationQuantileSeconds(0.5));
  }

  @Test
  void secondsExpireAfterRetentionButMinutesRemain() {
    FunctionWindows w =
        new FunctionWindows(
            F,
            WindowConfig.defaults().withLateness(Duration.ofSeconds(30)).withRetainedSeconds(120));
    w.recordInvocation(inv(0, 1));
    w.recordInvocation(inv(500, 501));
    Observation o = w.view(0);
    assertEquals(0, o.arrivals(T0));
    assertEquals(1, o.minuteArrivals(T0 / 60));
    assertEquals(1, o.arrivals(T0 + 500));
  }

  @Test
  void aVeryLongInvocationOnlyTouchesRetainedBuckets() {
    FunctionWindows w = windows();
    long end = (T0 + 30) * S;
    assertTrue(w.recordInvocation(new Invocation(F, 1, end, false, Trigger.HTTP, false, null, 0)));
    Observation o = w.view(0);
    assertEquals(1.0, o.concurrency(T0 + 29), 1e-9);
    assertEquals(1.0, o.concurrency(T0 - 3000), 1e-9);
    assertEquals(1.0, o.minuteConcurrency(T0 / 60 - 100), 1e-9);
    assertEquals(0, o.minuteArrivals(0));
    assertEquals(1, w.invocationsTotal());
    assertTrue(w.bucketBytes() < 2 * 1024 * 1024, "bounded by retention: " + w.bucketBytes());
  }

  @Test
  void liveInstancesAreDistinctAndRecent() {
    FunctionWindows w = windows();
    w.recordInvocation(inv(0, 1, false, false, "a"));
    w.recordInvocation(inv(1, 2, false, false, "b"));
    w.recordInvocation(inv(2, 3, false, false, "a"));
    assertEquals(2, w.liveInstances((T0 + 10) * S));
    assertEquals(0, w.liveInstances((T0 + 3600) * S));
  }
}
