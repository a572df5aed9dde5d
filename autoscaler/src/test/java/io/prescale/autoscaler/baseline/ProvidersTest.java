package io.prescale.autoscaler.baseline;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.core.FunctionKey;
import io.prescale.core.decide.Decider;
import io.prescale.core.decide.DeciderProvider;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.spi.Providers;
import io.prescale.core.time.EpochNanos;
import io.prescale.testing.FakeObservation;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.Test;

class ProvidersTest {
  @Test
  void everyBaselineIsRegisteredByItsPolicyModeName() {
    Map<String, DeciderProvider> all = Providers.all(DeciderProvider.class);
    assertTrue(
        all.keySet()
            .containsAll(
                Set.of("kpa", "hpa", "keda", "keepalive", "hybrid-histogram", "fixed", "off")),
        all.keySet().toString());
    for (String name :
        Set.of("kpa", "hpa", "keda", "keepalive", "hybrid-histogram", "fixed", "off")) {
      Decider d = all.get(name).create(FunctionKey.of("fn"), DeciderSpec.defaults());
      var decision =
          d.decide(DeciderSpec.defaults(), FakeObservation.ofSeconds(100), EpochNanos.ofSecond(50));
      assertEquals(name, decision.decider());
    }
  }
}
