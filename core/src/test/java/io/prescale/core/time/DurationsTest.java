package io.prescale.core.time;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.regex.Pattern;
import org.junit.jupiter.api.Test;

class DurationsTest {
  /**
   * What the policy files, the command line and adapter settings each accepted before one grammar.
   */
  @Test
  void readsEveryFormerlyAcceptedForm() {
    // policy files
    assertEquals(Duration.ofSeconds(30), Durations.parseOrNull("30s"));
    assertEquals(Duration.ofMinutes(5), Durations.parseOrNull("5m"));
    assertEquals(Duration.ofMinutes(90), Durations.parseOrNull("1h30m"));
    assertEquals(Duration.ofMillis(500), Durations.parseOrNull("500ms"));
    assertEquals(Duration.ofDays(2), Durations.parseOrNull("2d"));
    assertEquals(Duration.ZERO, Durations.parseOrNull("0"));
    assertEquals(Duration.ofDays(1_000_000), Durations.parseOrNull("1000000d"));
    // command line: decimals, ISO-8601, any case
    assertEquals(Duration.ofMillis(1500), Durations.parseOrNull("1.5s"));
    assertEquals(Duration.ofSeconds(90), Durations.parseOrNull("PT90S"));
    assertEquals(Duration.ofSeconds(90), Durations.parseOrNull("pt90s"));
    assertEquals(Duration.ofMinutes(90), Durations.parseOrNull(" 1H30M "));
    assertEquals(Duration.ZERO, Durations.parseOrNull("0s"));
    assertEquals(Duration.ofSeconds(-1), Durations.parseOrNull("-PT1S"));
    // adapter settings and API parameters: a sign
    assertEquals(Duration.ofSeconds(5), Durations.parseOrNull("+5s"));
    assertEquals(Duration.ofSeconds(-5), Durations.parseOrNull("-5s"));
    assertEquals(Duration.ofDays(7), Durations.parseOrNull("P7D"));
  }

  @Test
  void refusesWhatIsNotADuration() {
    for (String bad :
        new String[] {
          "30",
          "5 minutes",
          "soon",
          "10x",
          "",
          "s",
          "1.s",
          ".5s",
          "00",
          "--5s",
          "PTxS",
          "99999999999999999999999999999999999999999999d",
          "1h 30m"
        }) {
      assertNull(Durations.parseOrNull(bad), bad);
    }
  }

  @Test
  void errorNamesTheKeyTheValueAndTheAllowedForm() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> Durations.parse("adapter knative setting timeout", "soon"));
    assertEquals(
        "adapter knative setting timeout = soon, must be a duration like 500ms, 30s, 5m,"
            + " 1h30m, 2d, 1.5s or PT90S",
        e.getMessage());
  }

  @Test
  void formatsTheShortestTextThatReadsBack() {
    assertEquals("0s", Durations.format(Duration.ZERO));
    assertEquals("250ms", Durations.format(Duration.ofMillis(250)));
    assertEquals("1s", Durations.format(Duration.ofSeconds(1)));
    assertEquals("1m", Durations.format(Duration.ofSeconds(60)));
    assertEquals("10m", Durations.format(Duration.ofMinutes(10)));
    assertEquals("1h30m", Durations.format(Duration.ofMinutes(90)));
    assertEquals("1s500ms", Durations.format(Duration.ofMillis(1500)));
    assertEquals("7d", Durations.format(Duration.ofDays(7)));
    assertEquals("1.5ms", Durations.format(Duration.ofNanos(1_500_000)));
    assertEquals("-2s", Durations.format(Duration.ofSeconds(-2)));
    for (Duration d :
        new Duration[] {
          Duration.ofSeconds(3723),
          Duration.ofNanos(1),
          Duration.ofMillis(86_400_001),
          Duration.ofSeconds(-61)
        }) {
      assertEquals(d, Durations.parseOrNull(Durations.format(d)), d.toString());
    }
  }

  @Test
  void schemaPatternAgreesWithTheParserOnNonNegativeValues() {
    Pattern p = Pattern.compile(Durations.PATTERN);
    for (String good : new String[] {"0", "30s", "1h30m", "1.5s", "PT90S", "500MS"}) {
      assertTrue(p.matcher(good).matches(), good);
    }
    for (String bad : new String[] {"30", "30 seconds", "soon", "1.s"}) {
      assertTrue(!p.matcher(bad).matches(), bad);
    }
  }
}
