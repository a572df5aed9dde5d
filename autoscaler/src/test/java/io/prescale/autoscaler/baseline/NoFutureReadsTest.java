package io.prescale.autoscaler.baseline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.Decider;
import io.prescale.core.decide.DeciderProvider;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.observe.Observation;
import io.prescale.core.spi.Providers;
import java.time.Instant;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every baseline, over random traffic and irregular tick times, reads only complete buckets. */
class NoFutureReadsTest {

  /** Fails the test on any read of the second (or minute) that contains {@code now}, or later. */
  private static final class Strict implements Observation {
    private final FakeObservation data;
    long nowSecond;
    long reads;

    Strict(FakeObservation data) {
      this.data = data;
    }

    private void second(long s) {
      reads++;
      if (s >= nowSecond) {
        throw new AssertionError("read second " + s + " at now = " + nowSecond);
      }
    }

    private void minute(long m) {
      reads++;
      if (m >= Math.floorDiv(nowSecond, 60L)) {
        throw new AssertionError("read minute " + m + " at now = " + nowSecond);
      }
    }

    @Override public FunctionKey function() { return data.function(); }
    @Override public int readyInstances() { return data.readyInstances(); }
    @Override public long firstSecond() { return data.firstSecond(); }
    @Override public double concurrency(long s) {
      second(s);
      return data.concurrency(s);
    }
    @Override public long arrivals(long s) {
      second(s);
      return data.arrivals(s);
    }
    @Override public long minuteArrivals(long m) {
      minute(m);
      return data.minuteArrivals(m);
    }
    @Override public double minuteConcurrency(long m) {
      minute(m);
      return data.minuteConcurrency(m);
    }
    @Override public long lastArrivalNanos() { return data.lastArrivalNanos(); }
    @Override public double durationQuantileSeconds(double q) { return data.durationQuantileSeconds(q); }
    @Override public double initDurationQuantileSeconds(double q) { return data.initDurationQuantileSeconds(q); }
    @Override public int retainedSeconds() { return data.retainedSeconds(); }
    @Override public int retainedMinutes() { return data.retainedMinutes(); }
  }

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"kpa", "hpa", "keda", "keepalive", "hybrid-histogram", "fixed", "off"})
  void readsOnlyCompleteBuckets(String mode) {
    SplittableRandom random = new SplittableRandom(mode.hashCode());
    FakeObservation data = FakeObservation.ofSeconds(40_000);
    Strict strict = new Strict(data);
    DeciderSpec spec = DeciderSpec.builder().mode(mode).build();
    Decider decider = Providers.find(DeciderProvider.class, mode).create(FunctionKey.of("fn"), spec);
    long nanos = 100_000_000_000L;
    int decisions = 0;
    while (nanos < 39_000_000_000_000L) {
      long second = nanos / 1_000_000_000L;
      // traffic up to and including the second that contains now (the still-filling bucket)
      if (random.nextInt(3) == 0) {
        data.concurrency(second, second + 1, random.nextDouble() * 5).arrivals(second, 1 + random.nextInt(4));
      }
      data.ready(random.nextInt(4));
      strict.nowSecond = second;
      ScaleDecision d = decider.decide(spec, strict, Instant.ofEpochSecond(second, nanos % 1_000_000_000L));
      assertTrue(d.desiredInstances() >= 0);
      decisions++;
      nanos += random.nextInt(20) == 0 ? random.nextLong(1, 400_000_000_000L) : 2_000_000_000L;
    }
    assertTrue(decisions > 1000, "decisions " + decisions);
    if (Set.of("kpa", "hpa", "keda", "hybrid-histogram").contains(mode)) {
      assertTrue(strict.reads > 100, "reads " + strict.reads); // the check saw real reads
    }
  }
}
