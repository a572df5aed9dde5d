package io.prescale.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;

import io.prescale.simulator.engine.SimulationConfig;
import io.prescale.simulator.platform.PlatformKind;
import io.prescale.simulator.trace.Trace;
import io.prescale.simulator.trace.TraceOptions;
import io.prescale.simulator.trace.TraceReaders;
import java.time.Duration;
import java.util.List;
import java.util.concurrent.atomic.AtomicLong;
import org.junit.jupiter.api.Test;

class SimulationRunnerTest {
  @Test
  void aSweepPointEqualToAMainRunIsRunOnceAndResultsComeBackInJobOrder() throws Exception {
    Trace trace =
        TraceReaders.open(TestTraces.require("azure2019-sample100"), TraceOptions.DEFAULTS);
    PolicyCatalog.Policy keepAlive =
        new PolicyCatalog().resolve("keepalive-10m", Simulator.unboundedDefaults());
    PolicyCatalog.Policy kpa = new PolicyCatalog().resolve("kpa", Simulator.unboundedDefaults());
    SimulationRunner.Job main =
        new SimulationRunner.Job(
            keepAlive, PlatformKind.ON_DEMAND, keepAlive.spec(), null, null, null);
    SimulationRunner.Job same =
        new SimulationRunner.Job(
            keepAlive,
            PlatformKind.ON_DEMAND,
            keepAlive.spec().toBuilder().keepAlive(Duration.ofMinutes(10)).build(),
            "keepalive",
            "keepAliveMinutes",
            10.0);
    SimulationRunner.Job shorter =
        new SimulationRunner.Job(
            keepAlive,
            PlatformKind.ON_DEMAND,
            keepAlive.spec().toBuilder().keepAlive(Duration.ofMinutes(1)).build(),
            "keepalive",
            "keepAliveMinutes",
            1.0);
    SimulationRunner.Job other =
        new SimulationRunner.Job(kpa, PlatformKind.ON_DEMAND, kpa.spec(), null, null, null);
    AtomicLong progress = new AtomicLong();
    AtomicLong done = new AtomicLong();
    List<SimulationRunner.Outcome> out =
        SimulationRunner.runAll(
            trace,
            List.of(main, same, shorter, other),
            SimulationConfig.defaults(PlatformKind.ON_DEMAND),
            SimulationRunner.defaultTelemetry(),
            2,
            progress,
            done);
    assertEquals(4, out.size());
    for (int i = 0; i < 4; i++) {
      assertSame(List.of(main, same, shorter, other).get(i), out.get(i).job());
    }
    assertSame(out.get(0).result(), out.get(1).result(), "the same run, once");
    assertNotEquals(out.get(0).result().coldStarts(), out.get(2).result().coldStarts());
    assertEquals(4, done.get());
    long each = 0;
    for (SimulationRunner.Job job : List.of(main, shorter, other)) {
      each += progressOf(trace, job);
    }
    assertEquals(each, progress.get(), "three runs, not four");
  }

  private static long progressOf(Trace trace, SimulationRunner.Job job)
      throws InterruptedException {
    AtomicLong progress = new AtomicLong();
    SimulationRunner.runAll(
        trace,
        List.of(job),
        SimulationConfig.defaults(PlatformKind.ON_DEMAND),
        SimulationRunner.defaultTelemetry(),
        1,
        progress,
        null);
    return progress.get();
  }
}
