package io.prescale.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.util.List;
import org.junit.jupiter.api.Test;

class DidYouMeanTest {
  @Test
  void findsCloseKeysOnly() {
    assertEquals(
        "maxInstances",
        DidYouMean.suggest("maxInstnaces", List.of("minInstances", "maxInstances")));
    assertNull(DidYouMean.suggest("colour", List.of("minInstances", "maxInstances")));
  }
}
