package io.prescale.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import org.junit.jupiter.api.Test;
import picocli.CommandLine.TypeConversionException;

class DurationConverterTest {
  private final DurationConverter any = new DurationConverter();
  private final DurationConverter positive = new DurationConverter.Positive();

  @Test
  void readsTheOneGrammar() {
    assertEquals(Duration.ofMillis(500), any.convert("500ms"));
    assertEquals(Duration.ofMillis(1500), any.convert("1.5s"));
    assertEquals(Duration.ofMinutes(90), any.convert("1h30m"));
    assertEquals(Duration.ofDays(2), any.convert("2d"));
    assertEquals(Duration.ofSeconds(90), any.convert("PT90S"));
    assertEquals(Duration.ZERO, any.convert("0"));
    assertEquals(Duration.ZERO, any.convert("0s"));
  }

  @Test
  void refusesGarbageNegativeAndForPositiveZero() {
    TypeConversionException e =
        assertThrows(TypeConversionException.class, () -> any.convert("soon"));
    assertEquals(
        "'soon' is not a duration (must be a duration like 500ms, 30s, 5m, 1h30m, 2d, 1.5s or PT90S)",
        e.getMessage());
    assertThrows(TypeConversionException.class, () -> any.convert("10x"));
    assertEquals(
        "'-PT1S' must not be negative",
        assertThrows(TypeConversionException.class, () -> any.convert("-PT1S")).getMessage());
    assertEquals(
        "'0s' must be a positive duration",
        assertThrows(TypeConversionException.class, () -> positive.convert("0s")).getMessage());
    assertEquals(Duration.ofSeconds(30), positive.convert("30s"));
  }
}
