package io.prescale.simulator.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.simulator.TestTraces;
import java.time.Instant;
import java.util.HashSet;
import java.util.Set;
import org.junit.jupiter.api.Test;

/** The real traces under ../shared/traces. */
class SampleTracesTest {

  @Test
  void azure2019SampleStreamsEveryInvocationInOrderInsideItsMinutes() {
    Trace t = TraceReaders.open(TestTraces.require("azure2019-sample100"), TraceOptions.DEFAULTS);
    assertEquals("azure2019", t.format());
    assertEquals(100, t.functions().size());
    assertEquals(339_657, t.plannedInvocations());
    // minute columns 480..959 = 08:00..16:00 of the nominal day
    assertEquals(Instant.parse("2019-07-15T08:00:00Z"), Instant.ofEpochSecond(0, t.startNanos()));
    assertEquals(Instant.parse("2019-07-15T16:00:00Z"), Instant.ofEpochSecond(0, t.endNanos()));
    assertTrue(t.functions().stream().allMatch(f -> f.memoryMb() > 0));
    long n = 0;
    long last = Long.MIN_VALUE;
    long[] perFunction = new long[100];
    try (InvocationStream s = t.open(7, Placement.UNIFORM)) {
      while (s.next()) {
        assertTrue(s.arrivalNanos() >= last, "arrivals must not go back in time");
        assertTrue(s.arrivalNanos() >= t.startNanos() && s.arrivalNanos() < t.endNanos());
        assertTrue(s.durationNanos() >= 0);
        last = s.arrivalNanos();
        perFunction[s.function()]++;
        n++;
      }
    }
    assertEquals(339_657, n);
    for (TraceFunction f : t.functions()) {
      assertEquals(f.plannedInvocations(), perFunction[f.index()], f.key().value());
    }
  }

  @Test
  void azure2021ExcerptStartsAtEndMinusDuration() {
    Trace t = TraceReaders.open(TestTraces.require("azure2021-excerpt"), TraceOptions.DEFAULTS);
    assertEquals("azure2021", t.format());
    assertEquals(199, t.plannedInvocations());
    assertEquals(31, t.functions().size());
    long n = 0;
    boolean sawFirstRow = false;
    try (InvocationStream s = t.open(1, Placement.UNIFORM)) {
      while (s.next()) {
        n++;
        // row 2: ...,0.07949090003967285,0.078 -> start 0.00149090003967285 s after the origin
        if (s.durationNanos() == 78_000_000L
            && s.arrivalNanos()
                == Azure2021Reader.ORIGIN_NANOS
                    + Math.round(0.07949090003967285 * 1e9)
                    - 78_000_000L) {
          sawFirstRow = true;
        }
      }
    }
    assertEquals(199, n);
    assertTrue(sawFirstRow, "the first data row must start at end_timestamp - duration");
  }

  @Test
  void llmTraceKeepsSubSecondTimestamps() {
    Trace t = TraceReaders.open(TestTraces.require("azure-llm-2023"), TraceOptions.DEFAULTS);
    assertEquals("request-timestamps", t.format());
    assertEquals(1, t.functions().size());
    assertEquals(8_819, t.plannedInvocations());
    assertEquals(
        Instant.parse("2023-11-16T18:17:03.979960Z"), Instant.ofEpochSecond(0, t.startNanos()));
    Set<Long> distinctSeconds = new HashSet<>();
    long n = 0;
    try (InvocationStream s = t.open(1, Placement.UNIFORM)) {
      while (s.next()) {
        n++;
        distinctSeconds.add(s.arrivalNanos() / 1_000_000_000L);
        assertEquals(1_000_000_000L, s.durationNanos());
      }
    }
    assertEquals(8_819, n);
    assertTrue(
        distinctSeconds.size() < n, "several requests share a second: sub-second timestamps");
  }
}
