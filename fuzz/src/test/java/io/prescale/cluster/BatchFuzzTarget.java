package io.prescale.cluster;

import io.prescale.collector.window.FunctionWindows;
import io.prescale.collector.window.WindowConfig;
import io.prescale.core.FunctionKey;
import io.prescale.core.Invocation;
import io.prescale.core.Trigger;
import io.prescale.fuzz.FuzzTarget;
import io.prescale.fuzz.Mutations;
import java.util.List;
import java.util.Map;

/**
 * A record value of the cluster's topics as an owner reads it: the invocations topic's batch
 * ({@link BatchCodec#decode}, then replayed onto a function's windows) and the state topic's
 * envelope ({@link StateRecords#read}). Properties: a batch decodes whole or is refused with a
 * {@link BadRecord} that has a reason and a message; a decoded batch replays without an exception;
 * the envelope reader answers a value or null, never throws.
 */
final class BatchFuzzTarget implements FuzzTarget {
  private static final FunctionKey FN = FunctionKey.of("shop/checkout");
  private static final byte[] KEY = BatchCodec.key(FN);
  private static final WindowConfig CONFIG = WindowConfig.defaults();
  private static final long NOW = 1_765_000_070_000_000_000L;
  static final int MAX_BYTES = 1 << 20;

  @Override
  public String name() {
    return "cluster-records";
  }

  @Override
  public List<byte[]> seeds() {
    WriteBatch b = new WriteBatch(FN, CONFIG, NOW, Map.of("service.name", "shop"));
    for (int i = 0; i < 20; i++) {
      long start = NOW - 4_000_000_000L + i * 50_000_000L;
      b.recordInvocation(
          new Invocation(
              FN, start, start + 30_000_000L, i == 0, Trigger.HTTP, i == 7, "pod-" + i % 3, 0));
    }
    b.recordCounts(NOW - 1_000_000_000L, 4, 1, 1, 0);
    b.recordConcurrency(NOW / 1_000_000_000L - 2, 1.5);
    b.recordInflight(NOW - 3_000_000_000L, NOW - 2_000_000_000L, 0.5);
    b.recordDurations(0.2, 2, NOW - 1_000_000_000L);
    b.recordInitDurations(0.9, 1, NOW - 1_000_000_000L);
    b.recordInstance("pod-9", NOW - 1_000_000_000L, true);
    b.recordPlatformInstances(3, NOW - 1_000_000_000L);
    WriteBatch one = new WriteBatch(FN, CONFIG, NOW, Map.of());
    one.recordCounts(NOW, 1, 0, 0, 0);
    return List.of(
        BatchCodec.encode(b),
        BatchCodec.encode(one),
        StateRecords.value(42, 7, new byte[] {1, 2, 3}));
  }

  @Override
  public byte[] mutate(Mutations m, byte[] input) {
    return m.anyBytes(input);
  }

  @Override
  public String check(byte[] input) {
    StateRecords.read(input); // null or a value, never a throw
    WriteBatch batch;
    try {
      batch = BatchCodec.decode(KEY, input, CONFIG, MAX_BYTES);
    } catch (BadRecord e) {
      if (e.reason() == null || e.getMessage() == null || e.getMessage().isBlank()) {
        throw new AssertionError("a refused record without a reason or a message", e);
      }
      return e.reason().label;
    }
    batch.applyTo(new FunctionWindows(FN, CONFIG));
    return "applied";
  }
}
