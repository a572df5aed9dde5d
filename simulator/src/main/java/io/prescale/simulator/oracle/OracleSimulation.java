package io.prescale.simulator.oracle;

import io.prescale.simulator.engine.ColdStartDelay;
import io.prescale.simulator.engine.RunResult;
import io.prescale.simulator.engine.RunTotals;
import io.prescale.simulator.engine.SimulationConfig;
import io.prescale.simulator.trace.InvocationStream;
import io.prescale.simulator.trace.Trace;
import io.prescale.simulator.trace.TraceFunction;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * Runs an oracle over a trace: one pass over the run's own invocation stream (same seed and
 * placement, so the same arrivals and durations the pools see), each function's requests fed to its
 * {@link LevelOracle}. The platform does not change the schedule: the oracle starts instances
 * itself at the instant it wants them (no decision tick, no activator poke), which both platforms
 * allow, and it never queues a request behind a busy instance. It reports the same metrics as a
 * simulated policy: instance time is start-up plus busy plus idle kept, waits are 0 (a cold start
 * of {@code oracle-keepalive} waits the function's start-up delay), scaling actions count instance
 * starts and stops, and there are no decisions or per-minute series.
 */
public final class OracleSimulation {
  private OracleSimulation() {}

  /**
   * @param priceSeconds the cold-start price ({@code oracle-keepalive}'s threshold); unused by
   *     {@code oracle}
   * @param schedule receives every instance start and stop
   */
  public static RunResult run(
      Trace trace,
      OracleKind kind,
      SimulationConfig config,
      double priceSeconds,
      OracleSchedule schedule) {
    if (!(priceSeconds > 0) || Double.isInfinite(priceSeconds)) {
      throw new IllegalArgumentException(
          "coldStartPrice = " + priceSeconds + "s, must be in (0; inf)");
    }
    List<TraceFunction> fns = trace.functions();
    FunctionOracle[] oracles = new FunctionOracle[fns.size()];
    long[] cold = new long[fns.size()];
    long price = Math.round(priceSeconds * 1e9);
    for (TraceFunction f : fns) {
      cold[f.index()] = ColdStartDelay.nanos(config, f);
      oracles[f.index()] =
          kind == OracleKind.ORACLE
              ? LevelOracle.prewarm(f.index(), cold[f.index()], config.concurrency(), schedule)
              : LevelOracle.keepAlive(f.index(), price, config.concurrency(), schedule);
    }
    Histogram waits = new Histogram(3);
    long onArrival = 0;
    try (InvocationStream s = trace.open(config.seed(), config.placement())) {
      while (s.next()) {
        int fn = s.function();
        if (oracles[fn].arrive(s.arrivalNanos(), s.durationNanos())) {
          waits.recordValue(cold[fn] / 1000);
        } else {
          onArrival++;
        }
      }
    }
    if (onArrival > 0) {
      waits.recordValueWithCount(0, onArrival);
    }
    for (FunctionOracle o : oracles) {
      o.finish();
    }
    return result(kind, config, fns, oracles, waits, trace.endNanos() - trace.startNanos());
  }

  private static RunResult result(
      OracleKind kind,
      SimulationConfig config,
      List<TraceFunction> fns,
      FunctionOracle[] oracles,
      Histogram waits,
      long simulatedNanos) {
    RunTotals totals = new RunTotals();
    for (FunctionOracle o : oracles) {
      totals.add(
          o.invocations,
          o.coldStarts,
          o.starts + o.stops,
          0,
          0,
          o.instanceNanos() / 1e9,
          o.idleNanos / 1e9,
          o.busyNanos / 1e9,
          fns.get(o.fn).memoryMb());
    }
    return totals.result(
        kind.wireName(), config.platform().wireName(), waits, simulatedNanos / 1e9, List.of());
  }
}
