package io.prescale.simulator;

import io.prescale.core.decide.ScaleDecision;
import io.prescale.simulator.engine.Simulation;
import io.prescale.simulator.engine.SimulationConfig;
import io.prescale.simulator.engine.SimulationHooks;
import io.prescale.simulator.platform.PlatformKind;
import io.prescale.simulator.trace.Trace;
import io.prescale.simulator.trace.TraceOptions;
import io.prescale.simulator.trace.TraceReaders;
import java.nio.file.Path;

/** Debugging tool (not a test): prints one function's decisions between two virtual seconds. */
public final class DecisionTrace {
  private DecisionTrace() {}

  public static void main(String[] args) throws Exception {
    Trace trace = TraceReaders.open(Path.of(args[0]), TraceOptions.DEFAULTS);
    PlatformKind kind = PlatformKind.parse(args[1]);
    long from = trace.startNanos() + Long.parseLong(args[2]) * 1_000_000_000L;
    long to = trace.startNanos() + Long.parseLong(args[3]) * 1_000_000_000L;
    PolicyCatalog.Policy p =
        new PolicyCatalog()
            .resolve(args.length > 4 ? args[4] : "prescale", Simulator.unboundedDefaults());
    long[] cold = new long[1];
    SimulationHooks hooks =
        new SimulationHooks() {
          @Override
          public void completed(
              int fn, long arrivalNanos, long startNanos, long endNanos, boolean c) {
            if (c && arrivalNanos >= from && arrivalNanos < to) {
              cold[0]++;
            }
          }

          @Override
          public void decided(int fn, long t, ScaleDecision d) {
            if (t >= from && t < to) {
              System.out.println(
                  ((t - trace.startNanos()) / 1_000_000_000L)
                      + " desired="
                      + d.desiredInstances()
                      + " "
                      + d.reason());
            }
          }
        };
    new Simulation(
            trace,
            p.name(),
            p.spec(),
            p.provider(),
            SimulationConfig.defaults(kind),
            SimulationRunner.defaultTelemetry(),
            hooks)
        .run();
    System.out.println("cold starts of arrivals in the window: " + cold[0]);
  }
}
