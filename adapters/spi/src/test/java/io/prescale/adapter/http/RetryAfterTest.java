package io.prescale.adapter.http;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class RetryAfterTest {
  private static final Instant NOW = Instant.parse("2026-01-01T00:00:00Z");

  @Test
  void readsSecondsAndHttpDates() {
    assertEquals(Duration.ofSeconds(30), RetryAfter.parse("30", NOW));
    assertEquals(Duration.ofSeconds(90), RetryAfter.parse("Thu, 01 Jan 2026 00:01:30 GMT", NOW));
    assertEquals(Duration.ZERO, RetryAfter.parse("Wed, 31 Dec 2025 23:00:00 GMT", NOW));
  }

  @Test
  void ignoresWhatItCannotRead() {
    assertNull(RetryAfter.parse(null, NOW));
    assertNull(RetryAfter.parse("soon", NOW));
    assertNull(RetryAfter.parse("-5", NOW));
  }
}
