package io.prescale.collector.window;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.core.FunctionKey;
import io.prescale.core.Invocation;
import io.prescale.core.Trigger;
import io.prescale.core.observe.Observation;
import java.util.Arrays;
import org.junit.jupiter.api.Test;

/** {@link FunctionWindows} answers the same through sealed blocks as through recent buckets. */
class SealedMinutesWindowsTest {
  private static final long S = 1_000_000_000L;
  private static final long T0 = 1_800_000_000L - 1_800_000_000L % 3600; // an hour start
  private static final FunctionKey F = FunctionKey.of("f");

  private static Invocation inv(long startSec, long endSec, boolean cold, boolean error) {
    return new Invocation(F, startSec * S, endSec * S, cold, Trigger.HTTP, error, "i", 0);
  }

  @Test
  void minutesOlderThanTheLatenessReadTheSameOnceSealed() {
    FunctionWindows w = new FunctionWindows(F, WindowConfig.defaults());
    for (long m = 0; m < 5 * 60; m++) {
      w.recordInvocation(inv(T0 + m * 60 + 10, T0 + m * 60 + 25, m % 7 == 0, m % 11 == 0));
    }
    long m0 = T0 / 60;
    Observation o = w.view(0);
    for (long m = 0; m < 5 * 60 - 1; m++) {
      assertEquals(1, o.minuteArrivals(m0 + m), "minute " + m);
      assertEquals(15.0 / 60, o.minuteConcurrency(m0 + m), 1e-12, "minute " + m);
    }
    BucketColumns c = w.minutes(m0 + 170, 20); // across two sealed hours
    BucketColumns r = w.minutes(m0 + 230, 70); // hour 3 sealed, hour 4 recent
    for (BucketColumns cols : new BucketColumns[] {c, r}) {
      for (int i = 0; i < cols.size(); i++) {
        long m = (cols.startSecond() - T0) / 60 + i;
        assertEquals(1, cols.arrivals()[i]);
        assertEquals(1, cols.completions()[i]);
        assertEquals(m % 7 == 0 ? 1 : 0, cols.coldStarts()[i], "minute " + m);
        assertEquals(m % 11 == 0 ? 1 : 0, cols.errors()[i], "minute " + m);
        assertEquals(0.25, cols.concurrency()[i], 1e-12);
      }
    }
    FunctionSummary day = w.summary((T0 + 5 * 3600 - 1) * S, 86_400);
    assertEquals(300, day.arrivalsInWindow());
  }

  @Test
  void aLongInvocationReachesIntoSealedHoursAndLateDataIntoRecentMinutes() {
    FunctionWindows w = new FunctionWindows(F, WindowConfig.defaults());
    for (long m = 0; m < 3 * 60; m++) {
      w.recordInvocation(inv(T0 + m * 60, T0 + m * 60 + 6, false, false));
    }
    long m0 = T0 / 60;
    // started in minute 30 (sealed hour 0), ended in minute 179: a cold arrival in a sealed minute
    assertTrue(w.recordInvocation(inv(T0 + 30 * 60 + 30, T0 + 179 * 60 + 30, true, false)));
    // late by 3 minutes, within the 5-minute lateness: into its own recent minute
    assertTrue(w.recordInvocation(inv(T0 + 176 * 60 + 1, T0 + 176 * 60 + 2, false, true)));
    Observation o = w.view(0);
    assertEquals(2, o.minuteArrivals(m0 + 30));
    assertEquals((6 + 30) / 60.0, o.minuteConcurrency(m0 + 30), 1e-12);
    assertEquals((6 + 60) / 60.0, o.minuteConcurrency(m0 + 100), 1e-12);
    assertEquals(2, o.minuteArrivals(m0 + 176));
    BucketColumns c = w.minutes(m0, 180);
    assertEquals(1, c.coldStarts()[30]);
    assertEquals(1, c.errors()[176]);
    assertEquals(182, Arrays.stream(c.arrivals()).sum());
  }

  @Test
  void sealedSecondsKeepTheirLiveSamplesAndCounts() {
    FunctionWindows w = new FunctionWindows(F, WindowConfig.defaults());
    for (long t = 0; t < 20 * 60; t++) {
      assertTrue(w.recordConcurrency(T0 + t, (t % 60) / 4.0));
      if (t % 3 == 0) {
        w.recordInvocation(inv(T0 + t, T0 + t + 1, t % 9 == 0, false));
      }
    }
    // 20 minutes of seconds, lateness 5 minutes: the first 14 minutes are sealed
    Observation o = w.view(0);
    for (long t = 0; t < 20 * 60 - 1; t++) {
      assertEquals((t % 60) / 4.0, o.concurrency(T0 + t), 0, "second " + t);
      assertEquals(t % 3 == 0 ? 1 : 0, o.arrivals(T0 + t), "second " + t);
    }
    // a 15-minute invocation ending now: sampled seconds keep their samples, minutes follow them
    double minuteBefore = o.minuteConcurrency(T0 / 60 + 7);
    assertTrue(w.recordInvocation(inv(T0 + 7 * 60 + 30, T0 + 20 * 60 - 1, false, false)));
    assertEquals(30 / 4.0, w.view(0).concurrency(T0 + 7 * 60 + 30), 0);
    assertEquals(minuteBefore, w.view(0).minuteConcurrency(T0 / 60 + 7), 1e-9);
    assertEquals(
        2,
        w.view(0).arrivals(T0 + 7 * 60 + 30),
        "second 450: the 3-second rhythm and the long one");
    BucketColumns c = w.seconds(T0 + 60, 20 * 60 - 60);
    assertEquals((20 * 60 - 60) / 3 + 1, Arrays.stream(c.arrivals()).sum());
    assertEquals((1197 - 63) / 9 + 1, Arrays.stream(c.coldStarts()).sum());
    FunctionSummary s = w.summary((T0 + 20 * 60 - 1) * S, 600);
    assertEquals(200, s.arrivalsInWindow());
    assertEquals(T0 + 7 * 60 + 30, w.view(0, (T0 + 7 * 60 + 31) * S).lastArrivalNanos() / S);
  }
}
