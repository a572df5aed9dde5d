package io.prescale.collector.snapshot;

import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.prescale.collector.extract.CollectorSink;
import io.prescale.collector.otlp.OtlpFuzzTargets;
import io.prescale.collector.window.FunctionStore;
import io.prescale.collector.window.FunctionWindows;
import io.prescale.collector.window.StoreConfig;
import io.prescale.collector.window.StoreInvariants;
import io.prescale.collector.window.WindowConfig;
import io.prescale.core.FunctionKey;
import io.prescale.core.Invocation;
import io.prescale.core.Trigger;
import io.prescale.core.time.ManualTimeSource;
import io.prescale.fuzz.FuzzTarget;
import io.prescale.fuzz.Mutations;
import java.io.IOException;
import java.io.UncheckedIOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.ArrayList;
import java.util.List;
import java.util.Map;

/**
 * A snapshot file through {@link WindowsSnapshot#read} into a store of at most {@link
 * #MAX_FUNCTIONS} functions with the collector's ingest state. Most mutations change the
 * decompressed body and re-seal it (right length and CRC) so they reach the record decoders.
 * Properties: it restores or refuses with an {@link IOException} (the documented refusal), never
 * anything else; what it restores keeps {@link StoreInvariants}; and the restored store writes a
 * snapshot that restores again (the writer and the reader agree), within the allocation bound.
 */
final class SnapshotFuzzTarget implements FuzzTarget {
  static final int MAX_FUNCTIONS = 64;
  private static final long NOW = OtlpFuzzTargets.NOW;
  private static final long S = 1_000_000_000L;
  private final Path dir;

  SnapshotFuzzTarget() {
    try {
      // in memory where there is one: the round trip writes (and fsyncs) a snapshot per input
      Path shm = Path.of("/dev/shm");
      dir =
          Files.isDirectory(shm) && Files.isWritable(shm)
              ? Files.createTempDirectory(shm, "prescale-fuzz-snapshot")
              : Files.createTempDirectory("prescale-fuzz-snapshot");
      dir.toFile().deleteOnExit();
      for (String f : new String[] {"seed.snapshot", "input.snapshot", "again.snapshot"}) {
        dir.resolve(f).toFile().deleteOnExit();
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
  }

  @Override
  public String name() {
    return "snapshot";
  }

  @Override
  public List<byte[]> seeds() {
    List<byte[]> seeds = new ArrayList<>();
    try {
      for (int functions : new int[] {0, 1, 3}) {
        Store s = new Store();
        for (int f = 0; f < functions; f++) {
          FunctionWindows w =
              s.store.getOrCreate(
                  FunctionKey.of("shop/fn-" + f), Map.of("k8s.namespace.name", "shop"), NOW);
          for (long t = NOW - 7200 * S; t < NOW; t += (37 + f * 11) * S) {
            w.recordInvocation(
                new Invocation(
                    w.function(),
                    t,
                    t + 250_000_000L + f * S,
                    t % 7 == 0,
                    Trigger.values()[(int) Math.floorMod(t, Trigger.values().length)],
                    t % 5 == 0,
                    "i-" + (t % 3),
                    128L << 20));
            w.recordConcurrency(Math.floorDiv(t, S), 1.5);
          }
          w.trim(NOW);
        }
        if (functions > 0) {
          for (Message m : OtlpFuzzTargets.sampleRequests()) {
            if (m instanceof ExportTraceServiceRequest t) {
              s.sink.acceptTraces(t, NOW);
            } else {
              s.sink.acceptMetrics((ExportMetricsServiceRequest) m, NOW);
            }
          }
        }
        Path file = dir.resolve("seed.snapshot");
        WindowsSnapshot.write(s.store, file, NOW, s.sink.snapshotState());
        seeds.add(Files.readAllBytes(file));
      }
    } catch (IOException e) {
      throw new UncheckedIOException(e);
    }
    return seeds;
  }

  @Override
  public byte[] mutate(Mutations m, byte[] input) {
    if (m.random().nextInt(4) != 0) {
      byte[] body = SnapshotFiles.body(input);
      if (body != null) {
        byte[] mutated = m.random().nextBoolean() ? m.setInt32(body) : m.anyBytes(body);
        return SnapshotFiles.withBody(input, mutated);
      }
    }
    return m.anyBytes(input);
  }

  @Override
  public String check(byte[] input) throws IOException {
    Path file = dir.resolve("input.snapshot");
    Files.write(file, input);
    Store s = new Store();
    if (restore(s, file) != null) {
      return "refused";
    }
    StoreInvariants.check(s.store, NOW);
    Path again = dir.resolve("again.snapshot");
    WindowsSnapshot.write(s.store, again, NOW, s.sink.snapshotState());
    Store t = new Store();
    IOException refused = restore(t, again);
    if (refused != null) {
      throw new AssertionError(
          "a restored store wrote a snapshot that does not restore: " + refused, refused);
    }
    if (t.store.size() != s.store.size()) {
      throw new AssertionError(
          "restored " + s.store.size() + " functions, their snapshot restores " + t.store.size());
    }
    return "restored";
  }

  /** Null when restored, else the refusal (an IOException: the documented outcome). */
  private static IOException restore(Store s, Path file) {
    List<FunctionRecords.Restored> read = new ArrayList<>();
    Runnable[] apply = new Runnable[1];
    try {
      WindowsSnapshot.read(file, s.store, read, s.sink.snapshotState(), apply);
    } catch (IOException e) {
      return e;
    }
    for (FunctionRecords.Restored r : read) {
      if (r.problem() == null) {
        s.store.restore(r.windows(), r.labels(), r.lastTouchedNanos());
      }
    }
    if (apply[0] != null) {
      apply[0].run();
    }
    return null;
  }

  @Override
  public long allocationBound(int length) {
    return (96L << 20) + 200L * length;
  }

  /** A fresh bounded store with the collector's sink (for its ingest state). */
  private static final class Store {
    final FunctionStore store =
        new FunctionStore(
            StoreConfig.defaults().withMaxFunctions(MAX_FUNCTIONS), WindowConfig.defaults());
    final CollectorSink sink =
        new CollectorSink(store, new ManualTimeSource(Instant.ofEpochSecond(0, NOW - 3600 * S)));
  }
}
