package io.prescale.simulator.trace;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.simulator.TestTraces;
import org.junit.jupiter.api.Test;

class ArrivalTapeTest {
  private static final Trace SAMPLE =
      TraceReaders.open(TestTraces.require("azure2019-sample100"), TraceOptions.DEFAULTS);

  @Test
  void replaysTheGeneratedStreamExactlyAcrossChunks() {
    for (Placement p : Placement.values()) {
      ArrivalTape tape = ArrivalTape.record(SAMPLE, 5, p, Long.MAX_VALUE, 4096);
      assertNotNull(tape);
      assertTrue(tape.recorded(5, p));
      assertFalse(tape.recorded(6, p));
      assertTrue(tape.size() > 4096 * 10, "many chunks: " + tape.size());
      // two replays at once, each equal to a fresh stream
      try (InvocationStream fresh = SAMPLE.open(5, p);
          InvocationStream one = tape.replay();
          InvocationStream two = tape.replay()) {
        long n = 0;
        while (fresh.next()) {
          assertTrue(one.next() && two.next(), "replay ended early at " + n);
          assertEquals(fresh.arrivalNanos(), one.arrivalNanos(), "arrival " + n);
          assertEquals(fresh.durationNanos(), one.durationNanos(), "duration " + n);
          assertEquals(fresh.function(), one.function(), "function " + n);
          assertEquals(one.arrivalNanos(), two.arrivalNanos());
          n++;
        }
        assertFalse(one.next(), "replay has no extra invocation");
        assertEquals(-1, one.function());
        assertEquals(tape.size(), n);
      }
    }
  }

  @Test
  void givesUpBeyondItsBudget() {
    long need = SAMPLE.plannedInvocations() * ArrivalTape.BYTES_PER_INVOCATION;
    assertNull(ArrivalTape.record(SAMPLE, 1, Placement.UNIFORM, need - 1));
    // a Poisson placement's count is only known while generating
    assertNull(ArrivalTape.record(SAMPLE, 1, Placement.POISSON, need / 2, 4096));
    assertNotNull(ArrivalTape.record(SAMPLE, 1, Placement.UNIFORM, need + 4096L * 18, 4096));
  }

  @Test
  void tapedTraceReplaysOnlyItsOwnSeedAndPlacement() {
    ArrivalTape tape = ArrivalTape.record(SAMPLE, 2, Placement.UNIFORM, Long.MAX_VALUE);
    Trace taped = new TapedTrace(SAMPLE, tape);
    assertEquals(SAMPLE.functions(), taped.functions());
    try (InvocationStream other = taped.open(3, Placement.UNIFORM);
        InvocationStream fresh = SAMPLE.open(3, Placement.UNIFORM)) {
      assertTrue(other.next() && fresh.next());
      assertEquals(fresh.arrivalNanos(), other.arrivalNanos());
      assertEquals(fresh.durationNanos(), other.durationNanos());
    }
  }
}
