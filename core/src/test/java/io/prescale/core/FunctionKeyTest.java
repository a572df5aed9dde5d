package io.prescale.core;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import org.junit.jupiter.api.Test;

class FunctionKeyTest {
  @Test
  void rejectsBlankAndOverlongWithRange() {
    assertThrows(IllegalArgumentException.class, () -> FunctionKey.of(" "));
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> FunctionKey.of("x".repeat(FunctionKey.MAX_LENGTH + 1)));
    assertEquals("function key length = 513, must be in [1; 512]", e.getMessage());
  }

  @Test
  void triggerParsesSemanticConventionValues() {
    assertEquals(Trigger.HTTP, Trigger.parse("http"));
    assertEquals(Trigger.PUBSUB, Trigger.parse("pubsub"));
    assertEquals(Trigger.TIMER, Trigger.parse("TIMER"));
    assertEquals(Trigger.DATASOURCE, Trigger.parse("datasource"));
    assertEquals(Trigger.OTHER, Trigger.parse("orchestration"));
    assertEquals(Trigger.OTHER, Trigger.parse(null));
  }
}
