package io.prescale.simulator.platform;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.util.List;
import org.junit.jupiter.api.Test;

class OnDemandPoolTest {
  private static final long S = 1_000_000_000L;
  private static final long MIN = 60 * S;
  private final RecordingListener rec = new RecordingListener();

  private InstancePool pool(int concurrency) {
    return PlatformKind.ON_DEMAND.newPool(new PoolConfig(concurrency, S), rec);
  }

  private static void arrive(InstancePool p, long t, long d) {
    p.advanceTo(t);
    p.arrive(t, d);
  }

  @Test
  void keepAliveTenMinutesArrivalsAt0And5And16MinutesGiveTwoColdStarts() {
    InstancePool p = pool(1);
    p.apply(0, 0, 10 * MIN);
    arrive(p, 0, S);
    arrive(p, 5 * MIN, S);
    arrive(p, 16 * MIN, S);
    p.finish(30 * MIN);
    assertEquals(3, rec.dispatched.size());
    assertEquals(2, rec.colds());
    // first: cold, waits the 1 s start-up; second: warm, no wait
    assertEquals(S, rec.dispatched.get(0)[1] - rec.dispatched.get(0)[0]);
    assertEquals(0, rec.dispatched.get(1)[1] - rec.dispatched.get(1)[0]);
    // the instance expired 10 min after its second request ended (5 min + 1 s)
    assertTrue(rec.lifecycle.contains("STOP#0@901"), rec.lifecycle.toString());
    assertEquals(3, rec.completed.size());
  }

  @Test
  void busyInstanceMeansANewColdStartAndPrewarmAvoidsIt() {
    InstancePool p = pool(1);
    p.apply(0, 0, 10 * MIN);
    arrive(p, 0, 10 * S);
    arrive(p, 2 * S, S); // the only instance is busy: a second instance starts
    assertEquals(2, p.instances());
    p.finish(MIN);
    assertEquals(2, rec.colds());

    RecordingListener rec2 = new RecordingListener();
    InstancePool q = PlatformKind.ON_DEMAND.newPool(new PoolConfig(1, S), rec2);
    q.apply(0, 2, 0); // pre-warm two
    q.advanceTo(5 * S);
    q.arrive(5 * S, 10 * S);
    q.arrive(5 * S, 10 * S);
    q.finish(MIN);
    assertEquals(0, rec2.colds());
  }

  @Test
  void idleAboveDesiredWithoutKeepAliveIsReleasedAtOnce() {
    InstancePool p = pool(1);
    p.apply(0, 1, 0);
    p.advanceTo(10 * S);
    assertEquals(1, p.readyInstances());
    p.apply(10 * S, 0, 0);
    assertEquals(0, p.instances());
    assertTrue(rec.lifecycle.contains("STOP#0@10"), rec.lifecycle.toString());
    p.finish(20 * S);
    assertEquals(10 * S, p.instanceNanos());
    assertEquals(9 * S, p.idleNanos());
  }

  @Test
  void concurrencyTwoSharesOneInstanceAndAccountingAddsUp() {
    InstancePool p = pool(2);
    p.apply(0, 0, MIN);
    arrive(p, 0, 4 * S); // cold: starts instance A (ready at 1 s, busy until 5 s)
    arrive(p, S / 2, S); // cold: takes A's unclaimed slot, runs 1 s to 2 s
    arrive(p, 3 * S, 4 * S); // warm: A has one free slot
    arrive(p, 7 * S / 2, S); // A is full: a new instance
    p.finish(10 * MIN);
    assertEquals(List.of(1L, 1L, 0L, 1L), rec.dispatched.stream().map(d -> d[2]).toList());
    assertEquals(2, p.startsTotal());
    assertTrue(p.instanceNanos() >= p.busyNanos() + p.idleNanos());
    // start-up time is what is left: 1 s for each instance
    assertEquals(2 * S, p.instanceNanos() - p.busyNanos() - p.idleNanos());
  }
}
