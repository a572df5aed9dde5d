package io.prescale.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import org.junit.jupiter.api.Test;

class DurationsTest {
  @Test
  void parsesOperatorDurations() {
    assertEquals(Duration.ofSeconds(30), Durations.parse("30s"));
    assertEquals(Duration.ofMinutes(5), Durations.parse("5m"));
    assertEquals(Duration.ofMinutes(90), Durations.parse("1h30m"));
    assertEquals(Duration.ofMillis(500), Durations.parse("500ms"));
    assertEquals(Duration.ofDays(2), Durations.parse("2d"));
    assertEquals(Duration.ZERO, Durations.parse("0"));
    assertNull(Durations.parse("30"));
    assertNull(Durations.parse("5 minutes"));
    assertNull(Durations.parse("-5s"));
    assertNull(Durations.parse("99999999999999999999s"));
  }

  @Test
  void formatsBackToTheShortestText() {
    assertEquals("1h30m", Durations.format(Duration.ofMinutes(90)));
    assertEquals("0s", Durations.format(Duration.ZERO));
    assertEquals("1m", Durations.format(Duration.ofSeconds(60)));
    assertEquals("1s500ms", Durations.format(Duration.ofMillis(1500)));
    assertEquals(Duration.ofSeconds(3723), Durations.parse(Durations.format(Duration.ofSeconds(3723))));
  }

  @Test
  void didYouMeanFindsCloseKeysOnly() {
    assertEquals("maxInstances", DidYouMean.suggest("maxInstnaces", java.util.List.of("minInstances", "maxInstances")));
    assertNull(DidYouMean.suggest("colour", java.util.List.of("minInstances", "maxInstances")));
  }
}
