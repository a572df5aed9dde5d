package io.prescale.app.demo;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import java.time.Duration;
import java.util.ArrayList;
import java.util.List;
import org.junit.jupiter.api.Test;

/** The built-in generator: deterministic per seed, and the documented shapes. */
class BuiltinWorkloadTest {
  static final long S = 1_000_000_000L;

  static List<long[]> arrivals(BuiltinWorkload w, long from, long to) {
    List<long[]> out = new ArrayList<>();
    for (long t = from; t < to; t += S) {
      w.arrivals(t, t + S, (f, offset, duration) -> out.add(new long[] {f, offset, duration}));
    }
    return out;
  }

  static long count(List<long[]> a, int f) {
    return a.stream().filter(x -> x[0] == f).count();
  }

  @Test
  void sameSeedSameTraffic() {
    List<long[]> a =
        arrivals(new BuiltinWorkload(Duration.ofMinutes(10), Duration.ofSeconds(30), 7), 0, 60 * S);
    List<long[]> b =
        arrivals(new BuiltinWorkload(Duration.ofMinutes(10), Duration.ofSeconds(30), 7), 0, 60 * S);
    assertEquals(a.size(), b.size());
    for (int i = 0; i < a.size(); i++) {
      assertEquals(
          List.of(a.get(i)[0], a.get(i)[1], a.get(i)[2]),
          List.of(b.get(i)[0], b.get(i)[1], b.get(i)[2]));
    }
  }

  @Test
  void timerFiresExactlyEveryPeriod() {
    List<long[]> a =
        arrivals(
            new BuiltinWorkload(Duration.ofMinutes(10), Duration.ofSeconds(30), 1), 0, 120 * S);
    List<Long> offsets = a.stream().filter(x -> x[0] == 2).map(x -> x[1]).toList();
    assertEquals(List.of(0L, 30 * S, 60 * S, 90 * S), offsets);
  }

  @Test
  void burstsAreDenseAndGapsSparse() {
    BuiltinWorkload w = new BuiltinWorkload(Duration.ofMinutes(10), Duration.ofSeconds(30), 3);
    long inBurst = count(arrivals(w, 0, 20 * S), 1);
    long between = count(arrivals(w, 20 * S, 90 * S), 1);
    assertTrue(inBurst > 400 && inBurst < 800, "20 s at 30/s: " + inBurst);
    assertTrue(between < 40, "70 s at 0.2/s: " + between);
  }

  @Test
  void diurnalRateRisesFromNightToNoon() {
    BuiltinWorkload w = new BuiltinWorkload(Duration.ofMinutes(10), Duration.ofSeconds(30), 1);
    assertEquals(BuiltinWorkload.DIURNAL_LOW, w.rate(0, 0), 1e-9);
    assertEquals(BuiltinWorkload.DIURNAL_HIGH, w.rate(0, 300 * S), 1e-9);
    assertEquals(BuiltinWorkload.DIURNAL_LOW, w.rate(0, 600 * S), 1e-9);
  }

  @Test
  void badSettingsNameTheOptionAndTheRange() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () -> new BuiltinWorkload(Duration.ofSeconds(5), Duration.ofSeconds(30), 1));
    assertEquals("day-length = 5s, must be >= 10s", e.getMessage());
  }
}
