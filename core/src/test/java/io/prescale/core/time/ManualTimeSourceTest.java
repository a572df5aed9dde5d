package io.prescale.core.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;

import java.time.Duration;
import java.time.Instant;
import org.junit.jupiter.api.Test;

class ManualTimeSourceTest {

  @Test
  void advancesWallAndMonotonicTogether() {
    Instant start = Instant.parse("2026-11-27T08:00:00.250Z");
    ManualTimeSource t = new ManualTimeSource(start);
    assertEquals(start, t.instant());
    t.advance(Duration.ofMillis(1500));
    assertEquals(Instant.parse("2026-11-27T08:00:01.750Z"), t.instant());
    assertEquals(1_500_000_000L, t.nanoTime());
    assertEquals(start.toEpochMilli() * 1_000_000L + 1_500_000_000L, t.epochNanos());
  }

  @Test
  void refusesToGoBack() {
    ManualTimeSource t = new ManualTimeSource(Instant.EPOCH);
    t.advance(Duration.ofSeconds(5));
    assertThrows(IllegalArgumentException.class, () -> t.advance(Duration.ofSeconds(-1)));
    assertThrows(IllegalArgumentException.class, () -> t.setEpochNanos(1_000_000_000L));
    t.setEpochNanos(7_000_000_000L);
    assertEquals(Instant.ofEpochSecond(7), t.instant());
  }
}
