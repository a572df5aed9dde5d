package io.prescale.simulator.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.prescale.simulator.engine.RunResult;
import io.prescale.simulator.engine.SimulationConfig;
import io.prescale.simulator.platform.PlatformKind;
import io.prescale.simulator.trace.Placement;
import io.prescale.simulator.trace.Trace;
import java.nio.file.Path;
import java.time.Duration;
import org.junit.jupiter.api.Assertions;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Both oracles on three traces worked by hand, start-up delay C = 1 s, concurrency 1. Instance time
 * = starts x C (oracle only; oracle-keepalive charges a start its price instead) + busy + idle
 * kept.
 */
class OracleHandTest {
  @TempDir Path dir;

  private static RunResult run(Trace t, OracleKind kind, double price) {
    return OracleSimulation.run(
        t, kind, SimulationConfig.defaults(PlatformKind.ON_DEMAND), price, OracleSchedule.NONE);
  }

  private static void check(RunResult r, long cold, double instance, double idle, long actions) {
    assertEquals(cold, r.coldStarts(), "cold starts");
    assertEquals(instance, r.instanceSeconds(), 1e-6, "instance-seconds");
    assertEquals(idle, r.idleInstanceSeconds(), 1e-6, "idle instance-seconds");
    assertEquals(actions, r.scalingActions(), "starts + stops");
  }

  @Test
  void timer() {
    Trace t = HandTraces.timer(dir);
    // oracle: gaps of 599 s > C: each request gets its own instance, started 1 s before it:
    // 6 x (1 start-up + 1 busy) = 12 instance-s, no idle, 6 starts + 6 stops
    RunResult o = run(t, OracleKind.ORACLE, 600);
    check(o, 0, 12, 0, 12);
    assertEquals(0, o.waitP999Ms());
    // oracle-keepalive at 600 s: 599 <= 600, keep every gap: one cold start;
    // 6 busy + 5 x 599 idle = 3001 instance-s; cost at price 3001 + 600 = 3601
    RunResult k = run(t, OracleKind.KEEPALIVE, 600);
    check(k, 1, 3001, 2995, 2);
    assertEquals(1000.0, k.waitP999Ms(), 1.0, "the cold start waits its 1 s start-up");
    // at 90 s: 599 > 90, release every time: 6 cold starts, 6 busy instance-s; cost 6 + 540 = 546
    check(run(t, OracleKind.KEEPALIVE, 90), 6, 6, 0, 12);
  }

  @Test
  void burst() {
    Trace t = HandTraces.burst(dir);
    // 20 levels, each busy [90b, 90b + 1) for b = 0..3, gaps 89 s > C: 80 starts of 1 + 1 = 160
    check(run(t, OracleKind.ORACLE, 600), 0, 160, 0, 160);
    // oracle-keepalive at 600 s (and at 90 s: 89 <= 90): each level keeps its three 89 s gaps:
    // 20 cold starts, 80 busy + 20 x 3 x 89 idle = 5420 instance-s; cost 5420 + 20 x 600 = 17420
    check(run(t, OracleKind.KEEPALIVE, 600), 20, 5420, 5340, 40);
    check(run(t, OracleKind.KEEPALIVE, 90), 20, 5420, 5340, 40);
    // at 60 s every gap is released: 80 cold starts, 80 busy instance-s
    check(run(t, OracleKind.KEEPALIVE, 60), 80, 80, 0, 160);
  }

  @Test
  void sparse() {
    Trace t = HandTraces.sparse(dir);
    // level 1: [0,2) [30,31) [35,36) [400,405) [2000,2001), gaps 28, 4, 364, 1595; level 2:
    // [401,402)
    // oracle: every gap > 1 s: 5 + 1 starts; busy 2+1+1+5+1 + 1 = 11; 11 + 6 = 17 instance-s
    check(run(t, OracleKind.ORACLE, 600), 0, 17, 0, 12);
    // oracle-keepalive at 600 s: keeps 28, 4, 364, releases 1595: 2 + 1 cold starts;
    // 11 busy + 396 idle = 407 instance-s; cost 407 + 3 x 600 = 2207
    check(run(t, OracleKind.KEEPALIVE, 600), 3, 407, 396, 6);
    // at 90 s: keeps 28, 4: 3 + 1 cold starts; 11 + 32 = 43 instance-s; cost 43 + 4 x 90 = 403
    check(run(t, OracleKind.KEEPALIVE, 90), 4, 43, 32, 8);
  }

  @Test
  void aGapNoLongerThanTheStartUpIsKept() {
    // [0,1) [2,3) [10,11): the 1 s gap costs 1 kept and 1 re-started, kept (ties keep); the 7 s
    // gap is released: 2 starts; 2 start-up + 3 busy + 1 idle = 6 instance-s
    check(run(HandTraces.shortGaps(dir), OracleKind.ORACLE, 600), 0, 6, 1, 4);
  }

  @Test
  void concurrencyTwoCountsInstancesAsHalfTheRequests() {
    // burst with 2 requests per instance: 10 levels of ceil(n / 2), 40 starts of 1 + 1 = 80
    RunResult r =
        OracleSimulation.run(
            HandTraces.burst(dir),
            OracleKind.ORACLE,
            new SimulationConfig(
                PlatformKind.ON_DEMAND,
                2,
                Duration.ofSeconds(1),
                0,
                1,
                Placement.UNIFORM,
                true,
                Duration.ofHours(1),
                0),
            600,
            OracleSchedule.NONE);
    check(r, 0, 80, 0, 80);
  }

  @Test
  void aPriceThatIsNotPositiveIsRefusedWithItsValue() {
    Trace t = HandTraces.timer(dir);
    IllegalArgumentException e =
        Assertions.assertThrows(
            IllegalArgumentException.class, () -> run(t, OracleKind.KEEPALIVE, 0));
    assertEquals("coldStartPrice = 0.0s, must be in (0; inf)", e.getMessage());
  }
}
