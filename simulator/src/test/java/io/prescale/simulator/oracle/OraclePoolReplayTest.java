package io.prescale.simulator.oracle;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.prescale.simulator.engine.RunResult;
import io.prescale.simulator.engine.SimulationConfig;
import io.prescale.simulator.platform.InstancePool;
import io.prescale.simulator.platform.PlatformKind;
import io.prescale.simulator.platform.PoolConfig;
import io.prescale.simulator.platform.PoolListener;
import io.prescale.simulator.trace.InvocationStream;
import io.prescale.simulator.trace.Trace;
import java.nio.file.Path;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.function.Function;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code oracle}'s figures come from its own accounting; replaying the schedule it chose into the
 * platform pools (a desired count raised at each start and lowered at each stop, keep-alive 0, the
 * same requests) must give the same cold starts (none), instance-seconds and idle instance-seconds.
 * Each start is replayed 1 ns early: a pool serves a request arriving exactly when an instance
 * becomes ready as cold.
 */
class OraclePoolReplayTest {
  private static final long S = 1_000_000_000L;

  @TempDir Path dir;

  private static final class Recorder implements OracleSchedule {
    final List<long[]> changes = new ArrayList<>();

    @Override
    public void started(int fn, long atNanos) {
      changes.add(new long[] {atNanos - 1, +1});
    }

    @Override
    public void stopped(int fn, long atNanos) {
      changes.add(new long[] {atNanos, -1});
    }
  }

  private static final class Colds implements PoolListener {
    long cold;
    long dispatched;

    @Override
    public void dispatched(long arrivalNanos, long startNanos, boolean c) {
      dispatched++;
      if (c) {
        cold++;
      }
    }

    @Override
    public void completed(
        long arrivalNanos, long startNanos, long endNanos, boolean c, int instance) {}
  }

  private void replayMatches(Function<Path, Trace> make, PlatformKind k) {
    Trace t = make.apply(dir);
    SimulationConfig config = SimulationConfig.defaults(k);
    Recorder rec = new Recorder();
    RunResult o = OracleSimulation.run(t, OracleKind.ORACLE, config, 600, rec);
    rec.changes.sort(Comparator.comparingLong(c -> c[0]));
    Colds colds = new Colds();
    InstancePool pool = k.newPool(new PoolConfig(1, S), colds);
    int desired = 0;
    int next = 0;
    try (InvocationStream s = t.open(config.seed(), config.placement())) {
      while (s.next()) {
        long a = s.arrivalNanos();
        while (next < rec.changes.size() && rec.changes.get(next)[0] <= a) {
          long[] c = rec.changes.get(next++);
          desired += (int) c[1];
          pool.advanceTo(c[0]);
          pool.apply(c[0], desired, 0);
        }
        pool.advanceTo(a);
        pool.arrive(a, s.durationNanos());
      }
    }
    while (next < rec.changes.size()) {
      long[] c = rec.changes.get(next++);
      desired += (int) c[1];
      pool.advanceTo(c[0]);
      pool.apply(c[0], desired, 0);
    }
    pool.finish(t.endNanos() + 3600 * S);
    assertEquals(0, desired, "every start has its stop");
    assertEquals(o.invocations(), colds.dispatched);
    assertEquals(0, colds.cold, "no cold start in the pool either");
    long starts = o.scalingActions() / 2;
    assertEquals(starts, pool.startsTotal());
    // each replayed start is 1 ns earlier, so its instance is ready and idle 1 ns longer
    assertEquals(o.instanceSeconds(), (pool.instanceNanos() - starts) / 1e9, 1e-9);
    assertEquals(o.idleInstanceSeconds(), (pool.idleNanos() - starts) / 1e9, 1e-9);
    assertEquals(o.busyInstanceSeconds(), pool.busyNanos() / 1e9, 1e-9);
  }

  @Test
  void timerOnBothPlatforms() {
    replayMatches(HandTraces::timer, PlatformKind.ON_DEMAND);
    replayMatches(HandTraces::timer, PlatformKind.AUTOSCALED);
  }

  @Test
  void burstOnBothPlatforms() {
    replayMatches(HandTraces::burst, PlatformKind.ON_DEMAND);
    replayMatches(HandTraces::burst, PlatformKind.AUTOSCALED);
  }

  @Test
  void sparseOnBothPlatforms() {
    replayMatches(HandTraces::sparse, PlatformKind.ON_DEMAND);
    replayMatches(HandTraces::sparse, PlatformKind.AUTOSCALED);
  }

  @Test
  void keptGapsReplayToo() {
    // (0, 1), (2, 1), (10, 1) with C = 1 s: the 1 s gap is kept, the 7 s one released
    replayMatches(HandTraces::shortGaps, PlatformKind.ON_DEMAND);
    replayMatches(HandTraces::shortGaps, PlatformKind.AUTOSCALED);
  }
}
