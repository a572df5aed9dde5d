package io.prescale.simulator.engine;

import java.util.Arrays;
import java.util.List;
import org.HdrHistogram.Histogram;

/**
 * A run's totals, summed function by function, and the one place a {@link RunResult} is made from
 * them (the simulation and the offline oracles both report through it).
 */
public final class RunTotals {
  private long invocations;
  private long coldStarts;
  private long actions;
  private long decisions;
  private long unserved;
  private double instanceSeconds;
  private double idleSeconds;
  private double busySeconds;
  private double gbSeconds;
  private double[] ratios = new double[16];
  private int functionsWithInvocations;

  /** Adds one function's share; {@code memoryMb} weighs its instance-seconds into GB-seconds. */
  public void add(
      long invocations,
      long coldStarts,
      long actions,
      long decisions,
      long unserved,
      double instanceSeconds,
      double idleSeconds,
      double busySeconds,
      double memoryMb) {
    this.invocations += invocations;
    this.coldStarts += coldStarts;
    this.actions += actions;
    this.decisions += decisions;
    this.unserved += unserved;
    this.instanceSeconds += instanceSeconds;
    this.idleSeconds += idleSeconds;
    this.busySeconds += busySeconds;
    this.gbSeconds += instanceSeconds * memoryMb / 1024.0;
    if (invocations > 0) {
      if (functionsWithInvocations == ratios.length) {
        ratios = Arrays.copyOf(ratios, ratios.length * 2);
      }
      ratios[functionsWithInvocations++] = (double) coldStarts / invocations;
    }
  }

  /** The result: the cold-start ratio overall and of the 75th-percentile function, the waits. */
  public RunResult result(
      String policy,
      String platform,
      Histogram waits,
      double simulatedSeconds,
      List<MinuteSeries> series) {
    int n = functionsWithInvocations;
    double[] sorted = Arrays.copyOf(ratios, n);
    Arrays.sort(sorted);
    double p75 = n == 0 ? 0 : sorted[(int) Math.ceil(0.75 * n) - 1];
    return new RunResult(
        policy,
        platform,
        invocations,
        coldStarts,
        invocations == 0 ? 0 : (double) coldStarts / invocations,
        p75,
        waits.getValueAtPercentile(50) / 1000.0,
        waits.getValueAtPercentile(99) / 1000.0,
        waits.getValueAtPercentile(99.9) / 1000.0,
        instanceSeconds,
        idleSeconds,
        busySeconds,
        gbSeconds,
        actions,
        unserved,
        decisions,
        simulatedSeconds,
        series);
  }
}
