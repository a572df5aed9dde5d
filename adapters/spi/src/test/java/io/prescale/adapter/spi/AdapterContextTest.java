package io.prescale.adapter.spi;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import io.prescale.core.time.TimeSource;
import java.time.Duration;
import java.util.Map;
import org.junit.jupiter.api.Test;

class AdapterContextTest {
  private static AdapterContext with(String value) {
    return new AdapterContext("webhook", Map.of("timeout", value), TimeSource.system());
  }

  @Test
  void durationSettingsReadTheOneGrammar() {
    assertEquals(Duration.ofSeconds(5), with("5s").duration("timeout", Duration.ZERO));
    assertEquals(Duration.ofSeconds(5), with("PT5S").duration("timeout", Duration.ZERO));
    assertEquals(Duration.ofMinutes(90), with("1h30m").duration("timeout", Duration.ZERO));
    assertEquals(Duration.ofMillis(1500), with("1.5s").duration("timeout", Duration.ZERO));
    assertEquals(
        Duration.ofSeconds(7),
        AdapterContext.of("webhook").duration("timeout", Duration.ofSeconds(7)));
  }

  @Test
  void errorsNameTheSettingTheValueAndTheAllowedForm() {
    assertEquals(
        "adapter webhook setting timeout = soon, must be a duration like 500ms, 30s, 5m, 1h30m, 2d,"
            + " 1.5s or PT90S",
        assertThrows(IllegalArgumentException.class, () -> with("soon").duration("timeout", null))
            .getMessage());
    assertEquals(
        "adapter webhook setting timeout = 0s, must be (0s; inf)",
        assertThrows(IllegalArgumentException.class, () -> with("0s").duration("timeout", null))
            .getMessage());
  }
}
