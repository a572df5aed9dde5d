package io.prescale.autoscaler.baseline;

import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.Decider;
import io.prescale.core.decide.DeciderProvider;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.decide.ScaleDecision;
import io.prescale.core.spi.Providers;
import io.prescale.testing.FakeObservation;
import java.util.Set;
import java.util.SplittableRandom;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.ValueSource;

/** Every baseline, over random traffic and irregular tick times, reads only complete buckets. */
class NoFutureReadsTest {

  @ParameterizedTest(name = "{0}")
  @ValueSource(strings = {"kpa", "hpa", "keda", "keepalive", "hybrid-histogram", "fixed", "off"})
  void readsOnlyCompleteBuckets(String mode) {
    SplittableRandom random = new SplittableRandom(mode.hashCode());
    FakeObservation data = FakeObservation.ofSeconds(40_000);
    DeciderSpec spec = DeciderSpec.builder().mode(mode).build();
    Decider decider =
        Providers.find(DeciderProvider.class, mode).create(FunctionKey.of("fn"), spec);
    long nanos = 100_000_000_000L;
    int decisions = 0;
    while (nanos < 39_000_000_000_000L) {
      long second = nanos / 1_000_000_000L;
      // traffic up to and including the second that contains now (the still-filling bucket)
      if (random.nextInt(3) == 0) {
        data.concurrency(second, second + 1, random.nextDouble() * 5)
            .arrivals(second, 1 + random.nextInt(4));
      }
      data.ready(random.nextInt(4));
      data.readsBefore(
          second); // fails the test on any read of the second that contains now, or later
      ScaleDecision d = decider.decide(spec, data, nanos);
      assertTrue(d.desiredInstances() >= 0);
      decisions++;
      nanos += random.nextInt(20) == 0 ? random.nextLong(1, 400_000_000_000L) : 2_000_000_000L;
    }
    assertTrue(decisions > 1000, "decisions " + decisions);
    if (Set.of("kpa", "hpa", "keda", "hybrid-histogram").contains(mode)) {
      assertTrue(data.reads() > 100, "reads " + data.reads()); // the check saw real reads
    }
  }
}
