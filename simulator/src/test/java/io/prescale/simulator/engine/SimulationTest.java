package io.prescale.simulator.engine;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.core.decide.DeciderSpec;
import io.prescale.simulator.PolicyCatalog;
import io.prescale.simulator.SimulationRunner;
import io.prescale.simulator.TestTraces;
import io.prescale.simulator.platform.PlatformKind;
import io.prescale.simulator.trace.InvocationStream;
import io.prescale.simulator.trace.Placement;
import io.prescale.simulator.trace.Trace;
import io.prescale.simulator.trace.TraceOptions;
import io.prescale.simulator.trace.TraceReaders;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Collections;
import java.util.HashMap;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

class SimulationTest {
  @TempDir Path dir;

  private static RunResult run(
      Trace trace, String policy, PlatformKind platform, SimulationHooks hooks) {
    PolicyCatalog.Policy p = new PolicyCatalog().resolve(policy, DeciderSpec.defaults());
    return new Simulation(
            trace,
            p.name(),
            p.spec(),
            p.provider(),
            SimulationConfig.defaults(platform),
            SimulationRunner.defaultTelemetry(),
            hooks)
        .run();
  }

  @Test
  void keepAliveTenMinutesThroughTheWholeLoopGivesTwoColdStarts() {
    Trace t = SmallTraces.of(dir, "f", 0, 1, "f", 300, 1, "f", 960, 1);
    RunResult r = run(t, "keepalive-10m", PlatformKind.ON_DEMAND, SimulationHooks.NONE);
    assertEquals(3, r.invocations());
    assertEquals(2, r.coldStarts());
    assertEquals(1000.0, r.waitP99Ms(), 1.0);
    assertEquals(0, r.scalingActions());
  }

  @Test
  void kpaOnTheAutoscaledPlatformScalesFromZeroAfterThePokeAndBackToZero() {
    // one request at 10.5 s: the poke at 11 s sees the second's concurrency, the instance is ready
    // at 12 s
    // a second function's request at 300 s keeps the run going past f's scale-to-zero
    Trace t = SmallTraces.of(dir, "f", 10.5, 0.2, "g", 300.5, 0.2);
    RunResult r = run(t, "kpa", PlatformKind.AUTOSCALED, SimulationHooks.NONE);
    assertEquals(2, r.coldStarts());
    assertEquals(1500.0, r.waitP50Ms(), 2.0);
    assertEquals(0, r.unserved());
    // f: the request waits in the activator from 10.5 s; second 11 has concurrency 1.0 > target
    // 0.7, so KPA panics to 2 pods (as Knative with containerConcurrency 1), holds 2 for the
    // 60 s stable window, then 1 until stable window + grace after the traffic, then 0 (~104 s).
    MinuteSeries fs =
        r.series().stream().filter(m -> m.label().equals("app/f")).findFirst().orElseThrow();
    double f = 0;
    for (int i = 0; i < fs.minutes(); i++) {
      f += fs.meanInstances(i) * 60;
    }
    assertTrue(f >= 140 && f < 170, "f instance-seconds " + f + " of " + r.instanceSeconds());
    assertTrue(fs.meanInstances(1) > 0, "still warm in minute 1");
    assertEquals(0.0, fs.meanInstances(2), "scaled to zero before 120 s");
  }

  @Test
  void perFunctionColdStartDelaysAreSeededLogNormalDraws() {
    Trace t = SmallTraces.of(dir, "f", 0, 1, "g", 0, 1, "h", 0, 1);
    PolicyCatalog.Policy p = new PolicyCatalog().resolve("keepalive-10m", DeciderSpec.defaults());
    SimulationConfig base = SimulationConfig.defaults(PlatformKind.ON_DEMAND);
    SimulationConfig spread =
        new SimulationConfig(
            PlatformKind.ON_DEMAND,
            1,
            Duration.ofSeconds(2),
            0.5,
            9,
            base.placement(),
            true,
            base.drainLimit(),
            0);
    List<Long> waits = new ArrayList<>();
    SimulationHooks hooks =
        new SimulationHooks() {
          @Override
          public void completed(int fn, long arrival, long start, long end, boolean cold) {
            waits.add(start - arrival);
          }
        };
    new Simulation(
            t, p.name(), p.spec(), p.provider(), spread, SimulationRunner.defaultTelemetry(), hooks)
        .run();
    List<Long> again = new ArrayList<>(waits);
    waits.clear();
    new Simulation(
            t, p.name(), p.spec(), p.provider(), spread, SimulationRunner.defaultTelemetry(), hooks)
        .run();
    assertEquals(again, waits, "same seed, same delays");
    assertEquals(3, new HashSet<>(waits).size(), "each function draws its own delay: " + waits);
    assertTrue(
        waits.stream().allMatch(w -> w > 200_000_000L && w < 20_000_000_000L), waits.toString());
  }

  @Test
  void noDecisionSeesTheFutureAndEveryInvocationIsServedOnce() {
    Trace t = TraceReaders.open(TestTraces.require("azure2019-sample100"), TraceOptions.DEFAULTS);
    for (PlatformKind k : PlatformKind.values()) {
      RecordingDecider.Provider provider = new RecordingDecider.Provider();
      List<RecordingDecider.Spy> spies = new ArrayList<>();
      FunctionTelemetry.Factory base = SimulationRunner.defaultTelemetry();
      Map<Integer, List<Long>> served = new HashMap<>();
      SimulationHooks hooks =
          new SimulationHooks() {
            @Override
            public void completed(int fn, long arrival, long start, long end, boolean cold) {
              assertTrue(start >= arrival && end >= start);
              served.computeIfAbsent(fn, x -> new ArrayList<>()).add(arrival);
            }
          };
      DeciderSpec spec = DeciderSpec.defaults().toBuilder().mode("test-recording").build();
      RunResult r =
          new Simulation(
                  t,
                  "test",
                  spec,
                  provider,
                  SimulationConfig.defaults(k),
                  key -> {
                    RecordingDecider.Spy s = new RecordingDecider.Spy(base.create(key));
                    spies.add(s);
                    return s;
                  },
                  hooks)
              .run();
      assertTrue(provider.calls > 100_000, "ticks happened: " + provider.calls);
      assertTrue(provider.checkedData > 10_000, "decisions saw data: " + provider.checkedData);
      assertTrue(spies.stream().mapToLong(s -> s.writes).sum() > 300_000);
      assertEquals(0, r.unserved());
      assertEquals(339_657, r.invocations());
      assertTrue(r.instanceSeconds() >= r.busyInstanceSeconds());
      assertTrue(r.instanceSeconds() >= r.busyInstanceSeconds() + r.idleInstanceSeconds() - 1e-6);
      Map<Integer, List<Long>> expected = new HashMap<>();
      try (InvocationStream s = t.open(1, Placement.UNIFORM)) {
        while (s.next()) {
          expected.computeIfAbsent(s.function(), x -> new ArrayList<>()).add(s.arrivalNanos());
        }
      }
      served.values().forEach(Collections::sort);
      assertEquals(expected, served, "every invocation served exactly once on " + k);
    }
  }
}
