package io.prescale.app.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.time.EpochNanos;
import io.prescale.core.time.TimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The emulated on-demand platform, driven by hand through {@link PlatformEmulator#advance}. */
class PlatformEmulatorTest {
  static final long S = 1_000_000_000L;
  static final long MS = 1_000_000L;
  static final long EPOCH = 1_700_000_000L * S;

  /** Arrivals at fixed offsets, one function with a 500 ms cold start. */
  static final class Scripted implements Workload {
    final List<long[]> arrivals = new ArrayList<>();

    Scripted at(long offset, long duration) {
      arrivals.add(new long[] {offset, duration});
      return this;
    }

    @Override
    public String describe() {
      return "scripted";
    }

    @Override
    public List<DemoFunction> functions() {
      return List.of(new DemoFunction("t", "f", "http", 100, 500));
    }

    @Override
    public void arrivals(long from, long to, Arrivals out) {
      for (long[] a : arrivals) {
        if (a[0] >= from && a[0] < to) {
          out.arrive(0, a[0], a[1]);
        }
      }
    }
  }

  record SpanRecord(long start, long end, boolean cold, String instance) {}

  static final class Spans implements SpanSink {
    final List<SpanRecord> spans = new ArrayList<>();

    @Override
    public void emit(int f, long start, long end, boolean cold, String instance) {
      spans.add(new SpanRecord(start - EPOCH, end - EPOCH, cold, instance));
    }
  }

  static DecisionFeed fixed(int desired, Duration keepAlive) {
    return new DecisionFeed() {
      @Override
      public String describe() {
        return "fixed";
      }

      @Override
      public ScaleDecision latest(FunctionKey function, double meanConcurrency, Instant now) {
        return ScaleDecision.of(function, EpochNanos.of(now), desired, "test", "fixed", Map.of())
            .withKeepAlive(keepAlive);
      }
    };
  }

  static PlatformEmulator emulator(Workload w, DecisionFeed feed, Spans spans) {
    PlatformEmulator e = new PlatformEmulator(w, feed, spans, TimeSource.system());
    e.startAt(EPOCH);
    return e;
  }

  @Test
  void firstRequestStartsColdAndTheNextReusesTheWarmInstance() {
    Spans spans = new Spans();
    PlatformEmulator e =
        emulator(
            new Scripted().at(100 * MS, 200 * MS).at(2 * S, 50 * MS),
            fixed(0, Duration.ofMinutes(5)),
            spans);
    e.advance(5 * S);
    assertEquals(2, spans.spans.size());
    SpanRecord cold = spans.spans.get(0);
    assertTrue(cold.cold());
    assertEquals(100 * MS, cold.start());
    assertEquals(100 * MS + 500 * MS + 200 * MS, cold.end(), "waits for the cold start, then runs");
    SpanRecord warm = spans.spans.get(1);
    assertFalse(warm.cold());
    assertEquals(2 * S + 50 * MS, warm.end());
    assertEquals(cold.instance(), warm.instance());
    FunctionRow row = e.rows().get(0);
    assertEquals("t/f", row.function());
    assertEquals(1, row.coldStarts());
    assertEquals(2, row.arrivals());
  }

  @Test
  void decisionsPreWarmSoRequestsFindWarmInstances() {
    Spans spans = new Spans();
    PlatformEmulator e =
        emulator(new Scripted().at(3 * S, 100 * MS).at(3 * S + 1, 100 * MS), fixed(2, null), spans);
    e.advance(5 * S);
    assertEquals(2, spans.spans.size());
    assertFalse(spans.spans.get(0).cold());
    assertFalse(spans.spans.get(1).cold());
    assertFalse(
        spans.spans.get(0).instance().equals(spans.spans.get(1).instance()),
        "one request per instance");
    FunctionRow row = e.rows().get(0);
    assertEquals(2, row.desired());
    assertEquals(2, row.ready());
    assertEquals(0, row.coldStarts());
  }

  @Test
  void idleInstancesAboveDesiredLeaveAfterTheKeepAlive() {
    Spans spans = new Spans();
    PlatformEmulator e =
        emulator(new Scripted().at(100 * MS, 100 * MS), fixed(0, Duration.ofSeconds(5)), spans);
    e.advance(5 * S);
    assertEquals(1, e.rows().get(0).ready(), "idle since 0.7 s: kept at 5 s");
    e.advance(6 * S);
    assertEquals(0, e.rows().get(0).ready(), "idle for 5.3 s at 6 s: released");
  }

  @Test
  void withoutAnyDecisionIdleInstancesStayTenMinutes() {
    Spans spans = new Spans();
    DecisionFeed none =
        new DecisionFeed() {
          @Override
          public String describe() {
            return "none";
          }

          @Override
          public ScaleDecision latest(FunctionKey function, double meanConcurrency, Instant now) {
            return null;
          }
        };
    PlatformEmulator e = emulator(new Scripted().at(0, 100 * MS), none, spans);
    e.advance(599 * S);
    assertEquals(1, e.rows().get(0).ready());
    assertEquals(-1, e.rows().get(0).desired());
    e.advance(601 * S);
    assertEquals(0, e.rows().get(0).ready());
  }

  @Test
  void reactiveRuleHoldsTwentyPercentAboveMeanConcurrencyForAMinute() {
    ScaleDecision d = new ReactiveRule().latest(FunctionKey.of("a"), 2.5, Instant.EPOCH);
    assertEquals(3, d.desiredInstances());
    assertEquals(Duration.ofSeconds(60), d.keepAlive());
    assertEquals(
        0, new ReactiveRule().latest(FunctionKey.of("a"), 0, Instant.EPOCH).desiredInstances());
  }

  @Test
  void theCollectorCountIsReadWithTheSnapshotNotLater() {
    Spans spans = new Spans();
    PlatformEmulator e =
        emulator(
            new Scripted().at(100 * MS, 100 * MS).at(1500 * MS, 100 * MS), fixed(1, null), spans);
    assertEquals(-1, e.collected("t/f"), "no snapshot yet");
    e.collectedProbe(f -> f.equals("t/f") ? spans.spans.size() : -1);
    e.advance(1200 * MS);
    assertEquals(1, e.collected("t/f"), "one span reported by the 1 s snapshot");
    assertEquals(1, e.rows().get(0).arrivals());
    e.advance(1700 * MS);
    assertEquals(1, e.collected("t/f"), "unchanged until the next snapshot, like the rows");
    e.advance(2500 * MS);
    assertEquals(2, e.collected("t/f"));
    assertEquals(2, e.rows().get(0).arrivals());
    PlatformEmulator.Snapshot latest = e.latest();
    assertEquals(
        2, latest.collectedOf("t/f"), "one object holds the rows and the counts of a step");
    assertEquals(2, latest.rows().get(0).arrivals());
    assertEquals(-1, e.collected("t/other"));
  }
}
