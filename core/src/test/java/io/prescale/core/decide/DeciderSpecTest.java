package io.prescale.core.decide;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.util.function.UnaryOperator;
import java.util.stream.Stream;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.Arguments;
import org.junit.jupiter.params.provider.MethodSource;

class DeciderSpecTest {

  @Test
  void defaultsFollowKnativeConfigAutoscaler() {
    DeciderSpec d = DeciderSpec.defaults();
    assertEquals(Duration.ofSeconds(60), d.stableWindow());
    assertEquals(Duration.ofSeconds(6), d.panicWindow());
    assertEquals(200, d.panicThresholdPercentage());
    assertEquals(1000, d.maxScaleUpRate());
    assertEquals(2, d.maxScaleDownRate());
    assertEquals(Duration.ofSeconds(30), d.scaleToZeroGrace());
    assertEquals(Duration.ofSeconds(2), d.tick());
    assertEquals(0.7, d.targetPerInstance(), 1e-12);
    assertEquals(AdapterBinding.DRY_RUN, d.adapter());
  }

  @Test
  void toBuilderRoundTrips() {
    DeciderSpec d = DeciderSpec.builder().mode("kpa").minInstances(2).maxInstances(9).build();
    assertEquals(d, d.toBuilder().build());
  }

  @Test
  void targetPerInstanceNeverBelowKnativeFloor() {
    DeciderSpec d = DeciderSpec.builder().targetUtilization(0.001).build();
    assertEquals(0.01, d.targetPerInstance(), 1e-12);
  }

  static Stream<Arguments> invalid() {
    return Stream.of(
        Arguments.of(
            (UnaryOperator<DeciderSpec.Builder>) b -> b.minInstances(-1),
            "minInstances = -1, must be in [0; maxInstances]"),
        Arguments.of(
            (UnaryOperator<DeciderSpec.Builder>) b -> b.minInstances(5).maxInstances(3),
            "maxInstances = 3, must be in [max(1, minInstances); 2147483647]"),
        Arguments.of(
            (UnaryOperator<DeciderSpec.Builder>) b -> b.targetUtilization(1.5),
            "targetUtilization = 1.5, must be in (0; 1]"),
        Arguments.of(
            (UnaryOperator<DeciderSpec.Builder>) b -> b.coldStartBudget(0),
            "coldStartBudget = 0.0, must be in (0; 1)"),
        Arguments.of(
            (UnaryOperator<DeciderSpec.Builder>) b -> b.maxScaleDownRate(1),
            "maxScaleDownRate = 1.0, must be in (1; inf)"),
        Arguments.of(
            (UnaryOperator<DeciderSpec.Builder>) b -> b.stableWindow(Duration.ZERO),
            "stableWindow = 0s, must be in (0s; inf)"),
        Arguments.of(
            (UnaryOperator<DeciderSpec.Builder>) b -> b.panicThresholdPercentage(100),
            "panicThresholdPercentage = 100.0, must be in (100; inf)"));
  }

  @ParameterizedTest
  @MethodSource("invalid")
  void rejectsOutOfRangeWithKeyValueAndRange(
      UnaryOperator<DeciderSpec.Builder> change, String message) {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class, () -> change.apply(DeciderSpec.builder()).build());
    assertEquals(message, e.getMessage());
  }
}
