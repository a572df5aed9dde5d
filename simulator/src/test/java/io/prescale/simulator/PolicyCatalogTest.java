package io.prescale.simulator;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.core.decide.DeciderSpec;
import java.time.Duration;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The simulator's policy names come from the registered decider providers. */
class PolicyCatalogTest {
  private final PolicyCatalog catalog = new PolicyCatalog();

  @Test
  void namesAreTheRegisteredModesPlusTheSimulatorOnlyOnes() {
    assertEquals(
        List.of(
            "fixed",
            "hpa",
            "hybrid-histogram",
            "keda",
            "keepalive-10m",
            "keepalive-20m",
            "keepalive-<duration>",
            "kpa",
            "off",
            "prescale",
            "oracle",
            "oracle-keepalive"),
        catalog.names());
  }

  @Test
  void everyNameResolvesToItsMode() {
    for (String mode : List.of("kpa", "hpa", "keda", "hybrid-histogram", "fixed", "off")) {
      assertEquals(mode, catalog.resolve(mode, DeciderSpec.defaults()).spec().mode());
    }
    assertEquals("predictive", catalog.resolve("prescale", DeciderSpec.defaults()).spec().mode());
    PolicyCatalog.Policy keep = catalog.resolve("keepalive-90s", DeciderSpec.defaults());
    assertEquals("keepalive", keep.spec().mode());
    assertEquals(Duration.ofSeconds(90), keep.spec().keepAlive());
    assertTrue(catalog.resolve("oracle", DeciderSpec.defaults()).oracle() != null);
  }

  @Test
  void modesNamedDifferentlyAreNotNamesThemselves() {
    for (String name : List.of("predictive", "keepalive", "shadow", "banana")) {
      IllegalArgumentException e =
          assertThrows(
              IllegalArgumentException.class, () -> catalog.resolve(name, DeciderSpec.defaults()));
      assertTrue(
          e.getMessage().startsWith("policy = " + name + ", must be one of fixed, hpa"),
          e.getMessage());
    }
  }
}
