package io.prescale.app.shadow;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.collector.window.FunctionStore;
import io.prescale.collector.window.FunctionWindows;
import io.prescale.core.FunctionKey;
import io.prescale.core.Invocation;
import io.prescale.core.Trigger;
import io.prescale.core.decide.DeciderSpec;
import io.prescale.core.decide.ScaleDecision;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.Arrays;
import java.util.List;
import java.util.Map;
import java.util.SplittableRandom;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** What the ledger counts per tick, from telemetry and from the platform's own count. */
class ShadowLedgerTest {
  private static final long S = 1_000_000_000L;
  private static final long T = 1_800_000_000L * S; // a whole minute
  private static final FunctionKey F = FunctionKey.of("shop/checkout");
  private static final DeciderSpec SHADOW = DeciderSpec.builder().mode("shadow").build();

  private static final String SYNTAX = "0123456789-.e[]{}\\\",:x";

  private final FunctionStore store = FunctionStore.withDefaults();
  private final FunctionWindows w = store.getOrCreate(F, Map.of(), T - 60 * S);
  private final ShadowLedger ledger = new ShadowLedger(store, Duration.ofSeconds(90));

  private void invoke(long start, long duration, boolean cold, String instance) {
    w.recordInvocation(
        new Invocation(F, start, start + duration, cold, Trigger.HTTP, false, instance, 0));
  }

  private void decide(long at, int desired) {
    ledger.record(ScaleDecision.of(F, at, desired, "predictive", "test", Map.of()), SHADOW);
  }

  @Test
  void countsWhatHeldSinceThePreviousTick() {
    invoke(T - 5 * S, S / 10, true, "a");
    decide(T, 3); // baseline: 1 instance seen, desired 3 from now
    invoke(T + S, S / 10, true, "b");
    w.recordPlatformInstances(5, T + 2 * S); // the platform's own count wins over telemetry
    decide(T + 2 * S, 1);
    decide(T + 4 * S, 1);
    ShadowLedger.Totals t = ledger.totals().get(0);
    assertEquals(1 * 2 + 5 * 2, t.observedInstanceSeconds(), 1e-9, "seen x 2 s, then 5 x 2 s");
    assertEquals(3 * 2 + 1 * 2, t.wouldInstanceSeconds(), 1e-9);
    assertEquals(1, t.observedColdStarts(), "the cold start after the baseline");
    List<ShadowAccount.Minute> m = ledger.minutes(F, T / 60 / S, T / 60 / S + 1);
    assertEquals(1, m.size());
    assertEquals(12, m.get(0).observedInstanceSeconds(), 1e-9);
  }

  @Test
  void instancesIdleLongerThanTheWindowAreNotCounted() {
    invoke(T - 100 * S, S / 10, false, "old");
    invoke(T - 10 * S, S / 10, false, "recent");
    decide(T, 0);
    decide(T + 2 * S, 0);
    assertEquals(2, ledger.totals().get(0).observedInstanceSeconds(), 1e-9, "only 'recent'");
  }

  @Test
  void wouldHaveColdStartsAreArrivalsBeyondTheDecidedRoomOfTheirSecond() {
    decide(T, 1);
    // second T+1: 5 arrivals of 1 s each: 5 in flight, 1 decided: 4 would have started cold
    for (int i = 0; i < 5; i++) {
      invoke(T + S, S, false, "i" + i);
    }
    decide(T + 2 * S, 10); // a later decision does not change what held during T+1
    for (long t = T + 4 * S; t <= T + 14 * S; t += 2 * S) {
      decide(t, 10);
    }
    assertEquals(4, ledger.totals().get(0).wouldColdStarts());
  }

  @Test
  void theFileKeepsEveryMinute(@TempDir Path dir) throws Exception {
    invoke(T - 5 * S, S / 10, true, "a");
    decide(T, 2);
    decide(T + 62 * S, 2); // crosses into the next minute
    Path file = dir.resolve(ShadowFile.FILE_NAME);
    ShadowFile.write(ledger, file);
    ShadowLedger back = new ShadowLedger(store, Duration.ofSeconds(90));
    assertEquals(1, ShadowFile.read(file, back));
    assertEquals(ledger.copyMinutes(), back.copyMinutes());
    assertEquals(
        ledger.totals().get(0).wouldInstanceSeconds(),
        back.totals().get(0).wouldInstanceSeconds(),
        1e-9);
    java.nio.file.Files.writeString(
        file, "{\"format\":1,\"functions\":[{\"function\":\"x\",\"minutes\":[[1,2]]}]}");
    Exception e =
        org.junit.jupiter.api.Assertions.assertThrows(
            java.io.IOException.class,
            () -> ShadowFile.read(file, new ShadowLedger(store, Duration.ofSeconds(90))));
    assertTrue(
        e.getMessage().contains("functions[0].minutes[0] must be an array of 5 numbers"),
        e.getMessage());
  }

  /**
   * The ledger file is read back at start: seeded mutations of a real one (bit flips, cut ends,
   * characters dropped or repeated) are either read or refused with an {@link IOException} naming
   * the file, never another exception.
   */
  @Test
  void mutatedFilesAreReadOrRefusedNeverAnotherFailure(@TempDir Path dir) throws Exception {
    invoke(T - 5 * S, S / 10, true, "a");
    decide(T, 2);
    decide(T + 62 * S, 3);
    Path file = dir.resolve(ShadowFile.FILE_NAME);
    ShadowFile.write(ledger, file);
    byte[] seed = Files.readAllBytes(file);
    SplittableRandom r = new SplittableRandom(16);
    int refused = 0;
    for (int i = 0; i < 2000; i++) {
      byte[] b = seed.clone();
      int at = r.nextInt(b.length);
      switch (r.nextInt(4)) {
        case 0 -> b[at] ^= (byte) (1 << r.nextInt(8));
        case 1 -> b = Arrays.copyOf(b, at);
        case 2 -> b[at] = (byte) SYNTAX.charAt(r.nextInt(SYNTAX.length()));
        default -> {
          byte[] longer = Arrays.copyOf(b, b.length + 1);
          System.arraycopy(b, at, longer, at + 1, b.length - at);
          b = longer;
        }
      }
      Files.write(file, b);
      try {
        ShadowFile.read(file, new ShadowLedger(store, Duration.ofSeconds(90)));
      } catch (IOException e) {
        refused++;
        assertTrue(e.getMessage().contains(file.toString()), "input " + i + ": " + e.getMessage());
      }
    }
    assertTrue(refused > 100, "most mutations are refused: " + refused);
  }
}
