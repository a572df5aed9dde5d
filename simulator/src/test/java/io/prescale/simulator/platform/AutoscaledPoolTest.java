package io.prescale.simulator.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import org.junit.jupiter.api.Test;

class AutoscaledPoolTest {
  private static final long S = 1_000_000_000L;
  private final RecordingListener rec = new RecordingListener();
  private final InstancePool p = PlatformKind.AUTOSCALED.newPool(new PoolConfig(1, S), rec);

  @Test
  void requestsWaitUntilADecisionAddsAnInstance() {
    p.advanceTo(S / 2);
    p.arrive(S / 2, 3 * S);
    assertEquals(0, p.instances(), "requests never start instances on the autoscaled platform");
    assertEquals(1, p.queued());
    p.advanceTo(2 * S);
    p.apply(2 * S, 1, 0);
    p.advanceTo(10 * S);
    assertEquals(1, rec.dispatched.size());
    long[] d = rec.dispatched.get(0);
    assertEquals(3 * S, d[1], "served when the instance is ready: decision at 2 s + 1 s start-up");
    assertEquals(1, d[2], "it waited for an instance that was not warm when it arrived: cold");
  }

  @Test
  void waitingBehindABusyWarmInstanceIsQueueingNotAColdStart() {
    p.apply(0, 1, 0);
    p.advanceTo(5 * S);
    p.arrive(5 * S, 2 * S);
    p.arrive(5 * S, 2 * S);
    p.finish(20 * S);
    assertEquals(0, rec.colds());
    assertEquals(7 * S, rec.dispatched.get(1)[1], "second request starts when the first ends");
  }

  @Test
  void scaleDownRemovesIdleInstancesOnlyBusyOnesStopWhenDone() {
    p.apply(0, 2, 0);
    p.advanceTo(5 * S);
    p.arrive(5 * S, 10 * S);
    p.advanceTo(6 * S);
    p.apply(6 * S, 0, 0);
    assertEquals(1, p.instances(), "the idle one goes at once, the busy one stays");
    p.advanceTo(14 * S);
    assertEquals(1, p.instances());
    p.advanceTo(16 * S);
    assertEquals(0, p.instances(), "stopped when its request ended at 15 s");
    p.finish(30 * S);
    assertTrue(
        rec.lifecycle.contains("STOP#1@6") || rec.lifecycle.contains("STOP#0@6"),
        rec.lifecycle.toString());
    assertTrue(
        rec.lifecycle.stream().anyMatch(s -> s.startsWith("STOP") && s.endsWith("@15")),
        rec.lifecycle.toString());
    assertEquals(1, rec.completed.size());
    assertTrue(p.instanceNanos() >= p.busyNanos());
  }
}
