package io.prescale.autoscaler.loop;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.observe.Observation;
import io.prescale.testing.FakeObservation;
import java.time.Instant;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;

/**
 * Cost of one {@link AutoscalerLoop#tick} per function (loop overhead plus a cheap decider), for
 * {@code bench/RESULTS.md}. Not a unit test.
 *
 * <pre>
 * mvn -q -B -o test-compile -pl autoscaler
 * java -cp autoscaler/target/classes:autoscaler/target/test-classes:core/target/classes \
 *     io.prescale.autoscaler.loop.LoopBench
 * </pre>
 */
public final class LoopBench {
  private LoopBench() {}

  public static void main(String[] args) {
    int n = 10_000;
    List<FunctionKey> keys = new ArrayList<>();
    Map<FunctionKey, Observation> obs = new HashMap<>();
    for (int i = 0; i < n; i++) {
      FunctionKey k = FunctionKey.of("ns/fn-" + i);
      keys.add(k);
      obs.put(k, FakeObservation.empty(k));
    }
    ObservationSource source =
        new ObservationSource() {
          @Override
          public Iterable<FunctionKey> functions() {
            return keys;
          }

          @Override
          public Observation observe(FunctionKey function, Instant now) {
            return obs.get(function);
          }
        };
    for (String mode : new String[] {"keepalive", "kpa"}) {
      AutoscalerLoop loop =
          AutoscalerLoop.create(
              source,
              SpecSource.fixed(DeciderSpec.builder().mode(mode).build()),
              DecisionSink.noop());
      double[] rounds = new double[40];
      for (int r = 0; r < rounds.length; r++) {
        long t0 = System.nanoTime();
        loop.tick(Instant.ofEpochSecond(1_000 + 2L * r));
        rounds[r] = (System.nanoTime() - t0) / (double) n;
      }
      double[] measured = Arrays.copyOfRange(rounds, 20, rounds.length);
      Arrays.sort(measured);
      System.out.printf(
          "loop tick, %d functions, mode %-9s median %6.1f ns/function, best %6.1f%n",
          n, mode, measured[measured.length / 2], measured[0]);
    }
  }
}
