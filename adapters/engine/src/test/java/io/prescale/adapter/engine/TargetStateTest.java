package io.prescale.adapter.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.adapter.engine.TargetState.Pending;
import io.prescale.adapter.engine.TargetState.Phase;
import io.prescale.adapter.spi.ActualState;
import io.prescale.adapter.spi.Target;
import java.util.Map;
import org.junit.jupiter.api.Test;

/** The phases of one target and the moves between them. */
class TargetStateTest {
  private final TargetState ts =
      new TargetState(
          Target.of("fake", Map.of("name", "a")), null, new CircuitBreaker(3, 1_000), null);

  @Test
  void aTargetStartsIdleAndEachCallReturnsToIdle() {
    assertEquals(Phase.IDLE, ts.phase());
    ts.startRead();
    assertEquals(Phase.READING, ts.phase());
    assertTrue(ts.calling());
    ts.callDone();
    Pending p = new Pending(3, null, null, "apply");
    ts.pending = p;
    assertTrue(ts.readyToStep());
    ts.startApply(p);
    assertEquals(Phase.APPLYING, ts.phase());
    assertEquals(p, ts.inflight);
    assertEquals(null, ts.pending);
    assertFalse(ts.readyToStep());
    ts.callDone();
    assertTrue(ts.idle());
  }

  @Test
  void waitsEndWhenTheirTimerFiresOrAreCancelled() {
    int[] cancelled = {0};
    ts.backOff(() -> cancelled[0]++);
    assertEquals(Phase.BACKING_OFF, ts.phase());
    ts.wake();
    assertEquals(Phase.IDLE, ts.phase());
    ts.openWait(() -> cancelled[0]++);
    assertEquals(Phase.OPEN, ts.phase());
    ts.cancelWait();
    assertEquals(Phase.IDLE, ts.phase());
    assertEquals(1, cancelled[0]);
    ts.wake(); // a timer that fired after it was cancelled changes nothing
    assertEquals(Phase.IDLE, ts.phase());
  }

  @Test
  void aQueuedTargetLeavesTheQueueIdle() {
    ts.queue();
    assertEquals(Phase.QUEUED, ts.phase());
    assertThrows(IllegalStateException.class, ts::startRead);
    ts.dequeue();
    assertTrue(ts.idle());
  }

  @Test
  void movesFromTheWrongPhaseAreRefused() {
    ts.startRead();
    assertThrows(IllegalStateException.class, ts::startRead);
    assertThrows(IllegalStateException.class, ts::queue);
    assertThrows(IllegalStateException.class, () -> ts.backOff(() -> {}));
    ts.callDone();
    assertThrows(IllegalStateException.class, ts::callDone);
    assertThrows(IllegalStateException.class, ts::dequeue);
  }

  @Test
  void knowledgeAgesAndRejectionsAreRemembered() {
    ts.found(ActualState.of(2, 2), 100);
    assertTrue(ts.freshAt(150, 100));
    assertFalse(ts.freshAt(200, 100));
    ts.stale();
    assertFalse(ts.freshAt(101, 100));
    ts.applied(5, 300);
    assertEquals(5, ts.current());
    assertTrue(ts.freshAt(301, 100));
    ts.rejected(7, 400);
    assertTrue(ts.rejectedRecently(7, 9, 450, 100));
    assertTrue(ts.rejectedRecently(6, 7, 450, 100));
    assertFalse(ts.rejectedRecently(7, 7, 500, 100));
  }
}
