package io.prescale.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;

import io.prescale.core.FunctionKey;
import java.time.Instant;
import java.util.Map;
import org.junit.jupiter.params.ParameterizedTest;
import org.junit.jupiter.params.provider.CsvSource;

/** Schedules are local wall-clock windows: time zones, DST days and windows across midnight. */
class ScheduleTest {

  private static int minAt(String days, String from, String to, String zone, String instant)
      throws PolicyException {
    String text =
        "policies:\n  - name: r\n    minInstances: 1\n    schedules:\n"
            + "      - { days: \""
            + days
            + "\", from: \""
            + from
            + "\", to: \""
            + to
            + "\", timezone: "
            + zone
            + ", minInstances: 9 }\n";
    Policy p = PolicyLoader.standard().parse(text, "p.yaml");
    return p.resolve(FunctionKey.of("f"), Map.of(), Instant.parse(instant)).minInstances();
  }

  @ParameterizedTest(name = "{0} {1}-{2} {3} at {4} -> {5}")
  @CsvSource({
    // Berlin in winter is UTC+1: 08:00-18:00 local = 07:00-17:00 UTC
    "mon-fri, 08:00, 18:00, Europe/Berlin, 2026-11-27T06:59:59Z, 1",
    "mon-fri, 08:00, 18:00, Europe/Berlin, 2026-11-27T07:00:00Z, 9",
    "mon-fri, 08:00, 18:00, Europe/Berlin, 2026-11-27T16:59:00Z, 9",
    "mon-fri, 08:00, 18:00, Europe/Berlin, 2026-11-27T17:00:00Z, 1",
    "mon-fri, 08:00, 18:00, Europe/Berlin, 2026-11-28T09:00:00Z, 1",
    // and UTC+2 in summer
    "mon-fri, 08:00, 18:00, Europe/Berlin, 2026-07-03T05:59:00Z, 1",
    "mon-fri, 08:00, 18:00, Europe/Berlin, 2026-07-03T06:00:00Z, 9",
    // New York is UTC-5 in winter; the UTC date is already Saturday while it is Friday there
    "fri, 18:00, 22:00, America/New_York, 2026-11-28T02:30:00Z, 9",
    "fri, 18:00, 22:00, America/New_York, 2026-11-28T03:00:00Z, 1",
    // 22:00-06:00 crosses midnight and belongs to the day it starts on
    "fri, 22:00, 06:00, UTC, 2026-11-27T21:59:00Z, 1",
    "fri, 22:00, 06:00, UTC, 2026-11-27T22:00:00Z, 9",
    "fri, 22:00, 06:00, UTC, 2026-11-28T05:59:00Z, 9",
    "fri, 22:00, 06:00, UTC, 2026-11-28T06:00:00Z, 1",
    "fri, 22:00, 06:00, UTC, 2026-11-28T23:00:00Z, 1",
    "fri, 22:00, 06:00, UTC, 2026-11-27T03:00:00Z, 1",
    "sat-sun, 00:00, 24:00, UTC, 2026-11-29T23:59:00Z, 9",
    "sat-sun, 00:00, 24:00, UTC, 2026-11-30T00:00:00Z, 1",
    "fri-mon, 12:00, 13:00, UTC, 2026-11-30T12:30:00Z, 9",
    "fri-mon, 12:00, 13:00, UTC, 2026-12-01T12:30:00Z, 1",
    // DST starts in Berlin on 2026-03-29: 02:00 CET jumps to 03:00 CEST; 01:00-04:00 lasts 2 real
    // hours
    "sun, 01:00, 04:00, Europe/Berlin, 2026-03-28T23:59:00Z, 1",
    "sun, 01:00, 04:00, Europe/Berlin, 2026-03-29T00:00:00Z, 9",
    "sun, 01:00, 04:00, Europe/Berlin, 2026-03-29T01:59:00Z, 9",
    "sun, 01:00, 04:00, Europe/Berlin, 2026-03-29T02:00:00Z, 1",
    // DST ends on 2026-10-25: 03:00 CEST goes back to 02:00 CET; the same window lasts 4 real hours
    "sun, 01:00, 04:00, Europe/Berlin, 2026-10-24T23:00:00Z, 9",
    "sun, 01:00, 04:00, Europe/Berlin, 2026-10-25T02:59:00Z, 9",
    "sun, 01:00, 04:00, Europe/Berlin, 2026-10-25T03:00:00Z, 1",
    // across midnight on the DST night
    "sat, 22:00, 06:00, Europe/Berlin, 2026-03-29T03:59:00Z, 9",
    "sat, 22:00, 06:00, Europe/Berlin, 2026-03-29T04:00:00Z, 1",
  })
  void openAt(String days, String from, String to, String zone, String at, int expectedMin)
      throws PolicyException {
    assertEquals(expectedMin, minAt(days, from, to, zone, at));
  }
}
