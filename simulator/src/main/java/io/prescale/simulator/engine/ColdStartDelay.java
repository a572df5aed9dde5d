package io.prescale.simulator.engine;

import io.prescale.simulator.trace.TraceFunction;
import java.util.SplittableRandom;

/**
 * A function's instance start-up delay in a run: {@link SimulationConfig#coldStart()}, or with
 * {@code coldStartSigma > 0} one seeded log-normal draw per function around it. The simulation and
 * the oracles use this one rule, so they see the same delay for the same function and seed.
 */
public final class ColdStartDelay {
  private ColdStartDelay() {}

  /** The start-up delay of {@code f}'s instances, nanoseconds. */
  public static long nanos(SimulationConfig config, TraceFunction f) {
    long median = config.coldStart().toNanos();
    if (config.coldStartSigma() == 0) {
      return median;
    }
    SplittableRandom r = new SplittableRandom(config.seed() * 31 + f.key().value().hashCode());
    double z = gaussian(r);
    return (long) (median * Math.exp(config.coldStartSigma() * z));
  }

  private static double gaussian(SplittableRandom r) {
    double u1 = 1.0 - r.nextDouble();
    double u2 = r.nextDouble();
    return Math.sqrt(-2 * Math.log(u1)) * Math.cos(2 * Math.PI * u2);
  }
}
