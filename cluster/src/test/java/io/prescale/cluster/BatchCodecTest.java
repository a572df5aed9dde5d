package io.prescale.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.collector.window.FunctionWindows;
import io.prescale.collector.window.WindowConfig;
import io.prescale.core.FunctionKey;
import io.prescale.core.Invocation;
import io.prescale.core.Trigger;
import java.util.Map;
import java.util.Random;
import org.junit.jupiter.api.Test;

class BatchCodecTest {
  private static final FunctionKey FN = FunctionKey.of("shop/checkout");
  private static final WindowConfig CONFIG = WindowConfig.defaults();
  private static final long NOW = 1_767_000_000_000_000_000L;

  private static WriteBatch sample() {
    WriteBatch b = new WriteBatch(FN, CONFIG, NOW, Map.of("service.name", "shop"));
    for (int i = 0; i < 50; i++) {
      long start = NOW - 5_000_000_000L + i * 10_000_000L;
      b.recordInvocation(
          new Invocation(
              FN,
              start,
              start + 20_000_000L,
              i == 0,
              Trigger.HTTP,
              i % 7 == 0,
              "pod-" + (i % 3),
              0));
    }
    b.recordCounts(NOW - 1_000_000_000L, 5, 1, 1, 0);
    b.recordConcurrency(NOW / 1_000_000_000L - 1, 2.5);
    b.recordInflight(NOW - 2_000_000_000L, NOW - 1_000_000_000L, 0.75);
    b.recordDurations(0.12, 3, NOW - 1_000_000_000L);
    b.recordInitDurations(0.8, 1, NOW - 1_000_000_000L);
    b.recordInstance("pod-9", NOW - 1_000_000_000L, true);
    b.recordPlatformInstances(4, NOW - 1_000_000_000L);
    return b;
  }

  @Test
  void aDecodedBatchWritesTheSameWindowsAsTheOriginal() throws Exception {
    WriteBatch b = sample();
    byte[] value = BatchCodec.encode(b);
    WriteBatch d = BatchCodec.decode(BatchCodec.key(FN), value, CONFIG, 1 << 20);
    assertEquals(b.ops(), d.ops());
    assertEquals(b.labels(), d.labels());
    FunctionWindows direct = new FunctionWindows(FN, CONFIG);
    FunctionWindows replayed = new FunctionWindows(FN, CONFIG);
    b.applyTo(direct);
    d.applyTo(replayed);
    assertEquals(direct.invocationsTotal(), replayed.invocationsTotal());
    assertEquals(direct.coldStartsTotal(), replayed.coldStartsTotal());
    assertEquals(direct.errorsTotal(), replayed.errorsTotal());
    assertEquals(55, replayed.invocationsTotal());
    assertTrue(value.length < 50 * 14 + 200, "compact: " + value.length + " bytes for 57 writes");
  }

  @Test
  void badRecordsAreRefusedByReason() {
    byte[] key = BatchCodec.key(FN);
    byte[] good = BatchCodec.encode(sample());
    assertEquals(
        BadRecord.Reason.OVERSIZED,
        assertThrows(BadRecord.class, () -> BatchCodec.decode(key, good, CONFIG, good.length - 1))
            .reason());
    byte[] future = good.clone();
    future[1] = 2;
    assertEquals(
        BadRecord.Reason.UNKNOWN_VERSION,
        assertThrows(BadRecord.class, () -> BatchCodec.decode(key, future, CONFIG, 1 << 20))
            .reason());
    assertEquals(
        BadRecord.Reason.UNDECODABLE,
        assertThrows(
                BadRecord.class,
                () -> BatchCodec.decode(key, "garbage".getBytes(), CONFIG, 1 << 20))
            .reason());
    byte[] cut = java.util.Arrays.copyOf(good, good.length - 3);
    BadRecord e = assertThrows(BadRecord.class, () -> BatchCodec.decode(key, cut, CONFIG, 1 << 20));
    assertTrue(e.getMessage().contains("byte"), e.getMessage());
  }

  /** Seeded mutations of a valid record: a batch or a BadRecord, never another failure. */
  @Test
  void mutatedRecordsDecodeOrAreRefusedNeverThrowOtherwise() {
    byte[] key = BatchCodec.key(FN);
    byte[] good = BatchCodec.encode(sample());
    Random r = new Random(13);
    int refused = 0;
    for (int i = 0; i < 20_000; i++) {
      byte[] m = good.clone();
      int flips = 1 + r.nextInt(4);
      for (int f = 0; f < flips; f++) {
        m[2 + r.nextInt(m.length - 2)] = (byte) r.nextInt(256);
      }
      if (r.nextInt(4) == 0) {
        m = java.util.Arrays.copyOf(m, 2 + r.nextInt(m.length - 2));
      }
      try {
        WriteBatch d = BatchCodec.decode(key, m, CONFIG, 1 << 20);
        d.applyTo(new FunctionWindows(FN, CONFIG));
      } catch (BadRecord e) {
        refused++;
      }
    }
    assertTrue(refused > 1000, "most mutations are refused: " + refused);
  }
}
