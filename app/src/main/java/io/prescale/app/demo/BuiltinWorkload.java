package io.prescale.app.demo;

import io.prescale.core.time.Durations;
import io.prescale.core.time.EpochNanos;
import java.time.Duration;
import java.util.List;
import java.util.SplittableRandom;

/**
 * The demo's built-in generator: three functions whose traffic shapes a predictive autoscaler
 * should tell apart.
 *
 * <ul>
 *   <li>{@code demo/diurnal-api} (http): a compressed day; the rate follows a sine from {@value
 *       #DIURNAL_LOW}/s at "night" to {@value #DIURNAL_HIGH}/s at "noon" over one {@code dayLength}
 *       (default 10 minutes); 250 ms mean duration, 800 ms cold start.
 *   <li>{@code demo/bursty-ingest} (pubsub): on/off bursts; {@value #BURST_RATE}/s for the first
 *       {@value #BURST_SECONDS} s of every {@value #BURST_PERIOD_SECONDS} s, {@value #IDLE_RATE}/s
 *       in between; 150 ms mean duration, 1.5 s cold start.
 *   <li>{@code demo/nightly-report} (timer): one invocation every {@code timerEvery} (default 30
 *       s), 3 s mean duration, 2 s cold start: sparse, perfectly periodic.
 * </ul>
 *
 * Arrivals are Poisson within 100 ms slices (the timer is exact); durations are exponential around
 * the mean. The same seed gives the same traffic.
 */
final class BuiltinWorkload implements Workload {
  static final double DIURNAL_LOW = 1;
  static final double DIURNAL_HIGH = 20;
  static final double BURST_RATE = 30;
  static final double IDLE_RATE = 0.2;
  static final long BURST_SECONDS = 20;
  static final long BURST_PERIOD_SECONDS = 90;
  private static final long SLICE = 100_000_000L;

  private final List<DemoFunction> functions =
      List.of(
          new DemoFunction("demo", "diurnal-api", "http", 250, 800),
          new DemoFunction("demo", "bursty-ingest", "pubsub", 150, 1500),
          new DemoFunction("demo", "nightly-report", "timer", 3000, 2000));
  private final long dayNanos;
  private final long timerNanos;
  private final SplittableRandom random;

  BuiltinWorkload(Duration dayLength, Duration timerEvery, long seed) {
    if (dayLength.compareTo(Duration.ofSeconds(10)) < 0) {
      throw new IllegalArgumentException(
          "day-length = " + Durations.format(dayLength) + ", must be >= 10s");
    }
    if (timerEvery.compareTo(Duration.ofSeconds(1)) < 0) {
      throw new IllegalArgumentException(
          "timer-every = " + Durations.format(timerEvery) + ", must be >= 1s");
    }
    this.dayNanos = dayLength.toNanos();
    this.timerNanos = timerEvery.toNanos();
    this.random = new SplittableRandom(seed);
  }

  @Override
  public String describe() {
    return "built-in generator: diurnal-api (sine over a "
        + dayNanos / EpochNanos.PER_SECOND
        + " s day), bursty-ingest ("
        + BURST_SECONDS
        + " s bursts every "
        + BURST_PERIOD_SECONDS
        + " s), nightly-report (timer every "
        + timerNanos / EpochNanos.PER_SECOND
        + " s)";
  }

  @Override
  public List<DemoFunction> functions() {
    return functions;
  }

  /** Arrival rate per second of function {@code f} (0, 1) at {@code offsetNanos}. */
  double rate(int f, long offsetNanos) {
    if (f == 0) {
      double phase = 2 * Math.PI * (offsetNanos % dayNanos) / dayNanos;
      return DIURNAL_LOW + (DIURNAL_HIGH - DIURNAL_LOW) * (1 - Math.cos(phase)) / 2;
    }
    long second = offsetNanos / EpochNanos.PER_SECOND;
    return second % BURST_PERIOD_SECONDS < BURST_SECONDS ? BURST_RATE : IDLE_RATE;
  }

  @Override
  public void arrivals(long fromNanos, long toNanos, Arrivals out) {
    for (long t = fromNanos; t < toNanos; t += SLICE) {
      long end = Math.min(toNanos, t + SLICE);
      for (int f = 0; f < 2; f++) {
        int n = poisson(rate(f, t) * (end - t) / 1e9);
        for (int i = 0; i < n; i++) {
          out.arrive(f, t + (long) (random.nextDouble() * (end - t)), duration(f));
        }
      }
    }
    long firstTick = (fromNanos + timerNanos - 1) / timerNanos * timerNanos;
    for (long t = firstTick; t < toNanos; t += timerNanos) {
      out.arrive(2, t, duration(2));
    }
  }

  private long duration(int f) {
    double mean = functions.get(f).meanDurationMs() * 1e6;
    return Math.max(1_000_000L, (long) (-mean * Math.log(1 - random.nextDouble())));
  }

  private int poisson(double mean) {
    double l = Math.exp(-mean);
    int k = 0;
    double p = random.nextDouble();
    while (p > l) {
      k++;
      p *= random.nextDouble();
    }
    return k;
  }
}
