package io.prescale.policy;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotEquals;
import static org.junit.jupiter.api.Assertions.assertSame;
import static org.junit.jupiter.api.Assertions.assertThrows;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.core.FunctionKey;
import io.prescale.core.time.ManualTimeSource;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.MetricSnapshot;
import java.io.IOException;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardCopyOption;
import java.nio.file.attribute.FileTime;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Hot reload with a real file on disk. The test drives {@link PolicyWatcher#poll()} itself with a
 * manual clock; nothing waits on wall time.
 */
class PolicyWatcherTest {
  private static final Instant START = Instant.parse("2026-11-27T08:00:00Z");
  private static final FunctionKey FN = FunctionKey.of("shop/cart");

  @TempDir Path dir;
  private Path file;
  private final ManualTimeSource time = new ManualTimeSource(START);
  private final PrometheusRegistry registry = new PrometheusRegistry();
  private PolicyWatcher watcher;

  private static String policy(int max) {
    return "defaults:\n  maxInstances: "
        + max
        + "\npolicies:\n  - name: shop\n    match: { function: \"shop/*\" }\n"
        + "    minInstances: 1\n";
  }

  @BeforeEach
  void open() throws Exception {
    file = dir.resolve("policy.yaml");
    Files.writeString(file, policy(10));
    watcher =
        PolicyWatcher.open(file, PolicyLoader.standard(), time, registry, Duration.ofSeconds(1));
  }

  private int max() {
    return watcher.specFor(FN, Map.of(), time.instant()).maxInstances();
  }

  /**
   * Polls as the watcher thread would, one second apart, {@link #SETTLE_POLLS} times: long enough
   * for an edit in place to pass the quiet period; true when some poll activated a new version.
   */
  private boolean settle() {
    boolean any = false;
    for (int i = 0; i < SETTLE_POLLS; i++) {
      time.advance(Duration.ofSeconds(1));
      any |= watcher.poll();
    }
    return any;
  }

  /**
   * Seconds (and polls) {@link #settle()} takes: the first sight of a change plus the quiet period.
   */
  private static final int SETTLE_POLLS = (int) PolicyWatcher.DEFAULT_QUIET_PERIOD.toSeconds() + 1;

  private double gauge(String name) {
    for (MetricSnapshot s : registry.scrape()) {
      if (s.getMetadata().getPrometheusName().equals(name)) {
        return ((GaugeSnapshot) s).getDataPoints().get(0).getValue();
      }
    }
    throw new AssertionError("no gauge " + name);
  }

  private double errorsTotal() {
    for (MetricSnapshot s : registry.scrape()) {
      if (s.getMetadata().getPrometheusName().equals("prescale_policy_reload_errors")) {
        return ((CounterSnapshot) s).getDataPoints().get(0).getValue();
      }
    }
    throw new AssertionError("no counter prescale_policy_reload_errors_total");
  }

  @Test
  void firstLoadIsVersionOne() {
    PolicyStatus s = watcher.status();
    assertEquals(1, s.version());
    assertEquals(START, s.loadedAt());
    assertEquals(PolicyWatcher.sha256(policy(10).getBytes(StandardCharsets.UTF_8)), s.sha256());
    assertTrue(s.pendingErrors().isEmpty());
    assertEquals(10, max());
    assertEquals(1.0, gauge("prescale_policy_last_reload_success"));
    assertEquals(1.0, gauge("prescale_policy_active_version"));
  }

  @Test
  void editInPlaceTakesEffectAfterTheFileHoldsStillForTheQuietPeriod() throws IOException {
    Files.writeString(file, policy(20));
    time.advance(Duration.ofSeconds(1));
    assertFalse(watcher.poll(), "first sight of a change only marks it");
    for (int i = 1; i < PolicyWatcher.DEFAULT_QUIET_PERIOD.toSeconds(); i++) {
      time.advance(Duration.ofSeconds(1));
      assertFalse(watcher.poll(), "held still for " + i + " s only");
      assertEquals(10, max());
    }
    time.advance(Duration.ofSeconds(1));
    assertTrue(watcher.poll());
    assertEquals(20, max());
    assertEquals(2, watcher.status().version());
    assertEquals(
        START.plusSeconds(1).plus(PolicyWatcher.DEFAULT_QUIET_PERIOD), watcher.status().loadedAt());
    assertEquals(2.0, gauge("prescale_policy_active_version"));
    assertFalse(settle(), "nothing changed since");
  }

  @Test
  void atomicRenameIsPickedUpAtTheNextPoll() throws IOException {
    Path tmp = dir.resolve(".policy.yaml.tmp");
    Files.writeString(tmp, policy(30));
    Files.move(tmp, file, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
    time.advance(Duration.ofSeconds(1));
    assertTrue(watcher.poll(), "a renamed file is complete: no quiet period");
    assertEquals(30, max());
    assertEquals(2, watcher.status().version());
  }

  @Test
  void aFileCaughtHalfWrittenIsNeverLoaded() throws IOException {
    String full = policy(40);
    Files.writeString(file, full.substring(0, full.length() / 2));
    time.advance(Duration.ofSeconds(1));
    assertFalse(watcher.poll());
    Files.writeString(file, full); // the writer finishes before the next poll
    assertTrue(settle());
    assertEquals(40, max());
    assertEquals(2, watcher.status().version());
    assertEquals(0.0, errorsTotal());
  }

  @Test
  void aFileLeftHalfWrittenKeepsTheLastGoodPolicy() throws IOException {
    String full = policy(50);
    Files.writeString(file, full.substring(0, full.indexOf("match:") + 9));
    assertFalse(settle());
    assertEquals(10, max());
    PolicyStatus s = watcher.status();
    assertEquals(1, s.version());
    assertFalse(s.lastReloadSuccess());
    assertFalse(s.pendingErrors().isEmpty());
    assertTrue(
        s.pendingErrors().get(0).toString().startsWith(file + ":"), s.pendingErrors().toString());
    assertEquals(0.0, gauge("prescale_policy_last_reload_success"));
    assertEquals(1.0, errorsTotal());
    Files.writeString(file, full);
    assertTrue(settle());
    assertEquals(50, max());
    assertTrue(watcher.status().pendingErrors().isEmpty());
    assertEquals(1.0, gauge("prescale_policy_last_reload_success"));
  }

  @Test
  void anInvalidEditIsReportedOnceAndKeepsTheLastGoodPolicy() throws IOException {
    Files.writeString(file, policy(10).replace("maxInstances: 10", "maxInstnaces: 10"));
    Policy before = watcher.current();
    assertFalse(settle());
    for (int i = 0; i < 5; i++) {
      assertFalse(settle());
    }
    assertSame(before, watcher.current());
    assertEquals(1.0, errorsTotal(), "one bad version counts once, however often it is polled");
    PolicyStatus s = watcher.status();
    assertEquals(
        file + ":2:3: defaults.maxInstnaces: unknown key; did you mean maxInstances?",
        s.pendingErrors().get(0).toString());
    assertEquals(START.plusSeconds(6 * SETTLE_POLLS), s.lastCheckedAt());
    String json = s.toJson();
    assertTrue(json.contains("\"version\":1"), json);
    assertTrue(json.contains("\"lastReloadSuccess\":false"), json);
    assertTrue(json.contains("\"line\":2,\"column\":3"), json);

    Files.writeString(file, policy(10)); // reverted: back to the active content, no new version
    assertFalse(settle());
    assertEquals(1, watcher.status().version());
    assertTrue(watcher.status().lastReloadSuccess());
    assertTrue(watcher.status().pendingErrors().isEmpty());
    assertEquals(1.0, gauge("prescale_policy_last_reload_success"));
  }

  @Test
  void deleteThenRecreate() throws IOException {
    Files.delete(file);
    assertFalse(settle());
    assertEquals(10, max());
    assertEquals(
        "file does not exist (deleted or being replaced?)",
        watcher.status().pendingErrors().get(0).message());
    assertEquals(0.0, gauge("prescale_policy_last_reload_success"));
    assertEquals(1.0, errorsTotal());
    Files.writeString(file, policy(60));
    assertTrue(settle());
    assertEquals(60, max());
    assertEquals(2, watcher.status().version());
    assertEquals(1.0, gauge("prescale_policy_last_reload_success"));
  }

  @Test
  void rewritingTheSameBytesLoadsNothing() throws IOException {
    String hash = watcher.status().sha256();
    Files.writeString(file, policy(10));
    Files.setLastModifiedTime(file, FileTime.from(START.plusSeconds(3600)));
    assertFalse(settle());
    assertEquals(1, watcher.status().version());
    assertEquals(hash, watcher.status().sha256());
  }

  @Test
  void eachGoodVersionGetsTheNextNumberAndItsHash() throws IOException {
    String h1 = watcher.status().sha256();
    Files.writeString(file, policy(11));
    assertTrue(settle());
    String h2 = watcher.status().sha256();
    Files.writeString(file, policy(12));
    assertTrue(settle());
    assertEquals(3, watcher.status().version());
    assertNotEquals(h1, h2);
    assertNotEquals(h2, watcher.status().sha256());
    assertEquals(List.of("shop"), watcher.status().rules());
  }

  @Test
  void anInvalidFileAtStartIsAnError() throws IOException {
    Path bad = dir.resolve("bad.yaml");
    Files.writeString(bad, "defaults: { minInstances: -1 }\n");
    PolicyException e =
        assertThrows(
            PolicyException.class,
            () ->
                PolicyWatcher.open(
                    bad, PolicyLoader.standard(), time, null, Duration.ofSeconds(1)));
    assertEquals(
        bad + ":1:27: defaults.minInstances = -1, must be in [0; 2147483647]",
        e.errors().get(0).toString());
    assertThrows(
        PolicyException.class,
        () ->
            PolicyWatcher.open(
                dir.resolve("missing.yaml"),
                PolicyLoader.standard(),
                time,
                null,
                Duration.ofSeconds(1)));
  }

  @Test
  void pollingIntervalIsAtMostTwoSeconds() {
    assertThrows(
        IllegalArgumentException.class,
        () -> PolicyWatcher.open(file, PolicyLoader.standard(), time, null, Duration.ofSeconds(5)));
  }

  @Test
  void readersAlwaysSeeAWholePolicyWhileReloadsHappen() throws Exception {
    // Writers alternate two valid versions; a reader checks each spec is one of the two whole
    // specs.
    Thread reader =
        new Thread(
            () -> {
              for (int i = 0; i < 20_000; i++) {
                var spec = watcher.specFor(FN, Map.of(), START);
                int m = spec.maxInstances();
                if (!(m == 10 || m == 70 || m == 71) || spec.minInstances() != 1) {
                  throw new AssertionError("half a policy: " + spec);
                }
              }
            });
    final Throwable[] failure = new Throwable[1];
    reader.setUncaughtExceptionHandler((t, e) -> failure[0] = e);
    reader.start();
    for (int i = 0; i < 20; i++) {
      Files.writeString(file, policy(70 + i % 2));
      settle();
    }
    reader.join();
    assertEquals(null, failure[0]);
  }

  private static final String THREE_RULES =
      "defaults:\n  maxInstances: 10\npolicies:\n"
          + "  - name: a\n    match: { function: \"shop/*\" }\n    minInstances: 1\n"
          + "  - name: b\n    match: { function: \"pay/*\" }\n    minInstances: 2\n"
          + "  - name: c\n    match: { function: \"ship/*\" }\n    minInstances: 3\n";

  /** The first {@code n} lines of a text. */
  private static String firstLines(String text, int n) {
    int at = 0;
    for (int i = 0; i < n; i++) {
      at = text.indexOf('\n', at) + 1;
    }
    return text.substring(0, at);
  }

  @Test
  void aTruncatedButValidFileLeftForLessThanTheQuietPeriodIsNeverActivated() throws Exception {
    Files.writeString(file, THREE_RULES);
    assertTrue(settle());
    assertEquals(List.of("a", "b", "c"), watcher.status().rules());
    long version = watcher.status().version();
    String prefix = firstLines(THREE_RULES, 6);
    assertEquals(
        List.of("a"),
        PolicyLoader.standard()
            .parse(prefix.getBytes(StandardCharsets.UTF_8), "prefix")
            .ruleNames(),
        "the prefix is a valid policy on its own");
    Files.writeString(file, prefix); // the writer truncated the file, then stalls
    for (int s = 1; s < PolicyWatcher.DEFAULT_QUIET_PERIOD.toSeconds(); s++) {
      time.advance(Duration.ofSeconds(1));
      assertFalse(watcher.poll(), "the prefix became active after " + s + " s");
      assertEquals(version, watcher.status().version());
      assertEquals(List.of("a", "b", "c"), watcher.status().rules());
    }
    Files.writeString(file, THREE_RULES); // the writer finishes
    assertFalse(settle());
    assertEquals(version, watcher.status().version());
    assertTrue(watcher.status().lastReloadSuccess());
    assertEquals(0.0, errorsTotal());
  }

  @Test
  void anEditThatRemovesRulesIsActivatedAfterTheQuietPeriodWithAVisibleWarning() throws Exception {
    Files.writeString(file, THREE_RULES);
    assertTrue(settle());
    assertTrue(
        watcher.status().lastReloadRemovedRules().contains("shop"),
        "the first file's rule is gone");
    Files.writeString(file, firstLines(THREE_RULES, 6));
    assertTrue(settle());
    PolicyStatus s = watcher.status();
    assertEquals(List.of("a"), s.rules());
    assertEquals(List.of("b", "c"), s.lastReloadRemovedRules());
    assertTrue(s.toJson().contains("\"lastReloadRemovedRules\":[\"b\",\"c\"]"), s.toJson());
    assertEquals(2.0, gauge("prescale_policy_last_reload_removed_rules"));
    Files.writeString(file, THREE_RULES);
    assertTrue(settle());
    assertEquals(List.of(), watcher.status().lastReloadRemovedRules());
    assertEquals(0.0, gauge("prescale_policy_last_reload_removed_rules"));
  }

  @Test
  void aSymlinkSwapAsInAConfigMapMountIsPickedUpAtTheNextPoll() throws Exception {
    Path v1 = Files.createDirectories(dir.resolve("..v1"));
    Path v2 = Files.createDirectories(dir.resolve("..v2"));
    Files.writeString(v1.resolve("policy.yaml"), policy(80));
    Files.writeString(v2.resolve("policy.yaml"), policy(81));
    Path data = dir.resolve("..data");
    Files.createSymbolicLink(data, v1.getFileName());
    Path link = dir.resolve("mounted.yaml");
    Files.createSymbolicLink(link, data.getFileName().resolve("policy.yaml"));
    try (PolicyWatcher w =
        PolicyWatcher.open(link, PolicyLoader.standard(), time, null, Duration.ofSeconds(1))) {
      assertEquals(80, w.specFor(FN, Map.of(), time.instant()).maxInstances());
      Path next = dir.resolve("..data_tmp");
      Files.createSymbolicLink(next, v2.getFileName());
      Files.move(next, data, StandardCopyOption.ATOMIC_MOVE, StandardCopyOption.REPLACE_EXISTING);
      time.advance(Duration.ofSeconds(1));
      assertTrue(w.poll(), "a swapped symlink points at a complete file");
      assertEquals(81, w.specFor(FN, Map.of(), time.instant()).maxInstances());
    }
  }

  @Test
  void aQuietPeriodOutOfRangeIsRefusedNamingIt() {
    IllegalArgumentException e =
        assertThrows(
            IllegalArgumentException.class,
            () ->
                PolicyWatcher.open(
                    file,
                    PolicyLoader.standard(),
                    time,
                    null,
                    Duration.ofSeconds(1),
                    Duration.ofHours(1)));
    assertTrue(
        e.getMessage().startsWith("policy-quiet-period = 1h, must be in [0s; 10m]"),
        e.getMessage());
  }
}
