package io.prescale.collector.snapshot;

import io.prescale.collector.window.FunctionStore;
import io.prescale.collector.window.FunctionWindows;
import io.prescale.core.FunctionKey;
import io.prescale.core.Invocation;
import io.prescale.core.Trigger;
import java.io.DataInputStream;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Path;
import java.util.Map;

/**
 * A small store built the same way every time, and the ingest-state section beside it: {@code
 * snapshot/v4.snapshot} (test resources) is this store as the format-4 writer of main 94a6f37 saved
 * it (hand-coded body, before the protobuf one); {@link #main} writes the fixture with the current
 * writer.
 */
public final class SnapshotFixture {
  static final long S = 1_000_000_000L;
  static final long T0 = 1_800_000_000L;

  /** When the fixture was written, epoch nanos. */
  static final long WRITTEN_AT = (T0 + 5000) * S;

  static final byte[] INGEST_STATE = "ingest state of the fixture".getBytes(StandardCharsets.UTF_8);

  private SnapshotFixture() {}

  /** Two functions over 80 minutes: sealed blocks, sketches, samples, instances, labels. */
  static FunctionStore store() {
    FunctionStore store = FunctionStore.withDefaults();
    FunctionKey a = FunctionKey.of("shop/checkout");
    FunctionKey b = FunctionKey.of("resize");
    FunctionWindows wa = store.getOrCreate(a, Map.of("k8s.namespace.name", "shop"), T0 * S);
    FunctionWindows wb = store.getOrCreate(b, T0 * S);
    long end = T0 + 80 * 60;
    for (long t = T0; t < end; t += 11) {
      long start = t * S + (t * 7919 % 1000) * 1_000_000L;
      long duration = 20_000_000L + (t * 104_729 % 900) * 1_000_000L;
      wa.recordInvocation(
          new Invocation(
              a,
              start,
              start + duration,
              t % 97 == 0,
              Trigger.HTTP,
              t % 53 == 0,
              "i-" + (t / 600 % 5),
              0));
      if (t % 97 == 0) {
        wa.recordInitDurations(0.3 + (t % 13) / 10.0, 1, start);
      }
      if (t % 3 == 0) {
        wb.recordCounts(start, 3, 1, t % 2, t % 5 == 0 ? 1 : 0);
        wb.recordDurations(0.05 * (1 + t % 4), 3, start);
      }
    }
    for (long s = end - 200; s < end - 100; s++) {
      wb.recordConcurrency(s, 1.5 + s % 4);
    }
    wb.recordInstance("pod-1", end * S);
    wa.trim(end * S);
    return store;
  }

  /** The ingest-state section: {@link #INGEST_STATE}, read back into {@code into[0]}. */
  static SnapshotExtension extension(byte[][] into) {
    return new SnapshotExtension() {
      @Override
      public byte[] capture() {
        return INGEST_STATE.clone();
      }

      @Override
      public Runnable read(DataInputStream in) throws IOException {
        byte[] b = in.readAllBytes();
        return () -> into[0] = b;
      }
    };
  }

  /** Writes the fixture to {@code args[0]} with this build's writer. */
  public static void main(String[] args) throws IOException {
    WindowsSnapshot.write(store(), Path.of(args[0]), WRITTEN_AT, extension(new byte[1][]));
  }
}
