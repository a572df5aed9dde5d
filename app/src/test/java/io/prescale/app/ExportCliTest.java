package io.prescale.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.collector.snapshot.WindowsSnapshot;
import io.prescale.collector.window.FunctionStore;
import io.prescale.collector.window.FunctionWindows;
import io.prescale.core.FunctionKey;
import io.prescale.core.Invocation;
import io.prescale.core.Trigger;
import io.prescale.core.time.EpochNanos;
import io.prescale.simulator.trace.InvocationStream;
import io.prescale.simulator.trace.Placement;
import io.prescale.simulator.trace.Trace;
import io.prescale.simulator.trace.TraceOptions;
import io.prescale.simulator.trace.TraceReaders;
import io.vertx.core.json.JsonObject;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Instant;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code prescale export} from a --data-dir snapshot, then the trace read back as {@code prescale
 * simulate} reads it: the per-minute counts round-trip exactly (minutes layout across midnight),
 * the per-second ones too (timestamp layout); --anonymize hides every name.
 */
class ExportCliTest {
  private static final long S = EpochNanos.PER_SECOND;
  private static final Instant NOW = Instant.parse("2026-03-03T01:30:20Z");
  private static final long TO_MINUTE = NOW.getEpochSecond() / 60; // 01:30, exclusive
  private static final int MINUTES = 180; // from 22:30 the day before
  private static final List<String> KEYS = List.of("shop/checkout", "resize", "evil,name");

  @TempDir Path tmp;
  private final FunctionStore store = FunctionStore.withDefaults();
  private Path dataDir;

  @BeforeEach
  void setUp() throws Exception {
    long from = (TO_MINUTE - MINUTES) * 60;
    for (int k = 0; k < KEYS.size(); k++) {
      FunctionKey key = FunctionKey.of(KEYS.get(k));
      FunctionWindows w =
          store.getOrCreate(key, Map.of("faas.trigger", k == 0 ? "http" : "timer"), from * S);
      for (int m = 0; m < MINUTES; m++) {
        int n = (m * (7 + k)) % 13;
        for (int i = 0; i < n; i++) {
          long start = ((from + m * 60L) + (i * 13L) % 60) * S + i * 1_000_000L;
          w.recordInvocation(
              new Invocation(
                  key, start, start + 200_000_000L, i == 0, Trigger.HTTP, false, "i", 0));
        }
      }
    }
    dataDir = Files.createDirectories(tmp.resolve("data"));
    WindowsSnapshot.write(store, dataDir.resolve(WindowsSnapshot.FILE_NAME), EpochNanos.of(NOW));
  }

  private static Map<String, long[]> perBucket(Trace t, long bucketNanos, int buckets) {
    Map<String, long[]> out = new HashMap<>();
    long origin = Math.floorDiv(t.startNanos(), bucketNanos);
    try (InvocationStream s = t.open(1, Placement.UNIFORM)) {
      while (s.next()) {
        String key = t.functions().get(s.function()).key().value();
        int i = (int) (Math.floorDiv(s.arrivalNanos(), bucketNanos) - origin);
        out.computeIfAbsent(key, x -> new long[buckets])[i]++;
      }
    }
    return out;
  }

  @Test
  void minutesRoundTripExactlyAcrossMidnightAndSimulateReadsThem() throws Exception {
    Path trace = tmp.resolve("trace");
    CliRun r =
        CliRun.of(
            "export",
            "--data-dir",
            dataDir.toString(),
            "--out",
            trace.toString(),
            "--since",
            "3h",
            "--format",
            "minutes");
    assertEquals(0, r.code(), r.err());
    assertTrue(Files.exists(trace.resolve("invocations_per_function_md.anon.d01.csv")));
    assertTrue(Files.exists(trace.resolve("invocations_per_function_md.anon.d02.csv")));
    Trace t = TraceReaders.open(trace, TraceOptions.DEFAULTS);
    assertEquals(
        22 * 60 + 30,
        (t.startNanos() / S / 60) % 1440,
        "the trace starts at 22:30, the window's minute of the day");
    Map<String, long[]> got = perBucket(t, 60 * S, MINUTES);
    long total = 0;
    for (String key : KEYS) {
      long[] want = store.get(FunctionKey.of(key)).minutes(TO_MINUTE - MINUTES, MINUTES).arrivals();
      String name = key.contains(",") ? hashedName(got) : key;
      assertTrue(java.util.Arrays.equals(want, got.get(name)), key + " per-minute counts");
      for (long n : want) {
        total += n;
      }
    }
    Path out = tmp.resolve("sim");
    CliRun sim =
        CliRun.of(
            "simulate",
            "--trace",
            trace.toString(),
            "--policy",
            "kpa",
            "--platform",
            "on-demand",
            "--threads",
            "1",
            "--out",
            out.toString());
    assertEquals(0, sim.code(), sim.err());
    JsonObject kpa =
        new JsonObject(Files.readString(out.resolve("report.json")))
            .getJsonArray("results")
            .getJsonObject(0);
    assertEquals(total, kpa.getLong("invocations"));
  }

  /** The one 64-hex name among the trace's functions (the key a CSV field cannot hold). */
  private static String hashedName(Map<String, long[]> got) {
    List<String> hashed = got.keySet().stream().filter(k -> k.matches("[0-9a-f]{64}")).toList();
    assertEquals(1, hashed.size(), got.keySet().toString());
    return hashed.get(0);
  }

  @Test
  void secondsRoundTripExactly() throws Exception {
    Path trace = tmp.resolve("seconds");
    CliRun r =
        CliRun.of(
            "export",
            "--data-dir",
            dataDir.toString(),
            "--out",
            trace.toString(),
            "--since",
            "30m");
    assertEquals(0, r.code(), r.err());
    assertTrue(r.out().contains("(seconds,"), r.out());
    Trace t = TraceReaders.open(trace, TraceOptions.DEFAULTS);
    long from = (TO_MINUTE - 30) * 60;
    Map<String, long[]> got = perBucket(t, S, 1800);
    long first = t.startNanos() / S;
    for (String key : List.of("shop/checkout", "resize")) {
      long[] want = store.get(FunctionKey.of(key)).seconds(first, 1800).arrivals();
      assertTrue(java.util.Arrays.equals(want, got.get(key)), key + " per-second counts");
      assertTrue(first >= from, "the trace starts in the window");
    }
  }

  @Test
  void anonymizeHidesEveryNameAndTheSameSaltGivesTheSameNames() throws Exception {
    Path a = tmp.resolve("a");
    Path b = tmp.resolve("b");
    for (Path p : List.of(a, b)) {
      CliRun r =
          CliRun.of(
              "export",
              "--data-dir",
              dataDir.toString(),
              "--out",
              p.toString(),
              "--since",
              "3h",
              "--anonymize",
              "--salt",
              "s1");
      assertEquals(0, r.code(), r.err());
    }
    String day1 = Files.readString(a.resolve("invocations_per_function_md.anon.d01.csv"));
    for (String part : List.of("shop", "checkout", "resize", "evil")) {
      assertFalse(day1.contains(part), part + " leaked:\n" + day1);
    }
    assertEquals(day1, Files.readString(b.resolve("invocations_per_function_md.anon.d01.csv")));
  }

  @Test
  void aDirectoryWithoutSnapshotIsOneLineAndExitCode2() {
    CliRun r =
        CliRun.of(
            "export",
            "--data-dir",
            tmp.resolve("none").toString(),
            "--out",
            tmp.resolve("x").toString());
    assertEquals(2, r.code());
    assertTrue(r.err().contains("windows.snapshot does not exist"), r.err());
    assertEquals(1, r.err().trim().lines().count(), r.err());
  }
}
