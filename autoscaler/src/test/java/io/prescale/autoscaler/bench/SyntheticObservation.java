package io.prescale.autoscaler.bench;

import io.prescale.core.FunctionKey;
import io.prescale.core.observe.Observation;
import java.util.Arrays;

/**
 * An observation computed on the fly from a hash of (seed, second), so a benchmark can hold
 * thousands of functions without storing their traffic: Poisson arrivals at {@code rate} per second
 * (optionally a timer every {@code timerSeconds}), concurrency = arrivals x duration.
 */
final class SyntheticObservation implements Observation {
  private final FunctionKey key;
  private final long seed;
  private final double rate;
  private final long timerSeconds;
  private final double duration;
  private final long first;
  int ready;
  long now;

  SyntheticObservation(
      String key, long seed, double rate, long timerSeconds, double duration, long first) {
    this.key = FunctionKey.of(key);
    this.seed = seed;
    this.rate = rate;
    this.timerSeconds = timerSeconds;
    this.duration = duration;
    this.first = first;
  }

  private static double uniform(long x) {
    x ^= x >>> 33;
    x *= 0xff51afd7ed558ccdL;
    x ^= x >>> 33;
    x *= 0xc4ceb9fe1a85ec53L;
    x ^= x >>> 33;
    return (x >>> 11) * 0x1.0p-53;
  }

  // the draws of recent seconds, so the bench times the decider rather than this fake's Poisson
  // sampling (a decider reads each second a few times: scan, panic window, growth)
  private final long[] cachedSecond = new long[4096];
  private final long[] cachedCount = new long[4096];

  {
    Arrays.fill(cachedSecond, Long.MIN_VALUE);
  }

  @Override
  public long arrivals(long s) {
    if (s < first || s >= now) {
      return 0;
    }
    int slot = (int) Math.floorMod(s, (long) cachedSecond.length);
    if (cachedSecond[slot] == s) {
      return cachedCount[slot];
    }
    long k = draw(s);
    cachedSecond[slot] = s;
    cachedCount[slot] = k;
    return k;
  }

  private long draw(long s) {
    if (timerSeconds > 0) {
      return Math.floorMod(s + seed, timerSeconds) == 0 ? 1 : 0;
    }
    double u = uniform(seed * 0x9E3779B97F4A7C15L + s);
    double p = Math.exp(-rate);
    double cdf = p;
    int k = 0;
    while (u > cdf && k < 1000) {
      k++;
      p *= rate / k;
      cdf += p;
    }
    return k;
  }

  @Override
  public double concurrency(long s) {
    return arrivals(s) * duration;
  }

  // whole minutes, memoized like the collector's minute buckets (an O(1) read there): summing
  // sixty fresh draws per minute on every history read timed this fake, not the decider
  private final long[] cachedMinute = new long[4096];
  private final long[] cachedMinuteCount = new long[4096];

  {
    java.util.Arrays.fill(cachedMinute, Long.MIN_VALUE);
  }

  @Override
  public long minuteArrivals(long m) {
    if ((m + 1) * 60 > now) {
      return sumSeconds(m); // not complete yet: its seconds so far
    }
    int slot = (int) Math.floorMod(m, (long) cachedMinute.length);
    if (cachedMinute[slot] != m) {
      cachedMinute[slot] = m;
      cachedMinuteCount[slot] = sumSeconds(m);
    }
    return cachedMinuteCount[slot];
  }

  private long sumSeconds(long m) {
    long sum = 0;
    for (long s = m * 60; s < m * 60 + 60; s++) {
      sum += arrivals(s);
    }
    return sum;
  }

  @Override
  public double minuteConcurrency(long m) {
    return minuteArrivals(m) * duration / 60.0;
  }

  @Override
  public FunctionKey function() {
    return key;
  }

  @Override
  public int readyInstances() {
    return ready;
  }

  @Override
  public long firstSecond() {
    return now > first ? first : NONE;
  }

  @Override
  public long lastArrivalNanos() {
    return NONE;
  }

  @Override
  public double durationQuantileSeconds(double q) {
    return duration;
  }

  @Override
  public double initDurationQuantileSeconds(double q) {
    return Double.NaN;
  }

  @Override
  public int retainedSeconds() {
    return 3600;
  }

  @Override
  public int retainedMinutes() {
    return 1440;
  }
}
