package io.prescale.app.cluster;

import io.prescale.app.ChildRun;
import io.prescale.testkafka.KafkaBroker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Locale;
import java.util.Map;
import java.util.SplittableRandom;
import java.util.TreeMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.Future;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * Cluster-mode benchmark (issue 13), not a test; run by {@code bench/run-cluster.sh}. One real
 * Kafka broker (child JVM) and {@code prescale run} replicas in child JVMs, all on loopback:
 *
 * <ol>
 *   <li>ingest: OTLP/HTTP protobuf through wrk into a direct replica and a cluster replica (then
 *       two behind round-robin), interleaved, the same prepared bodies; and the time until the
 *       owner applied everything;
 *   <li>bytes: value bytes per window write and bytes on the broker's disk per span, for 100 spans
 *       per request spread over 1, 10 and 100 functions;
 *   <li>handover: replica A with {@code bench.functions} functions of history, a checkpoint, then a
 *       replica B added (rebalance) and A killed with SIGKILL (failover): times, restore seconds
 *       and records replayed per partition, exact counts; heap per function.
 * </ol>
 *
 * Settings are system properties {@code bench.*} (see {@code bench/run-cluster.sh}); results are
 * printed as {@code RESULT key value} lines and written to {@code <out>/results.txt}.
 */
public final class ClusterBench {
  private static final Pattern OWNED =
      Pattern.compile(
          "partition (\\d+) owned \\(generation (\\d+)\\): (\\d+) functions restored, (\\d+)"
              + " records replayed in ([0-9.]+) s");

  private static final java.util.logging.Logger QUIET = java.util.logging.Logger.getLogger("");
  private final Path out = Path.of(System.getProperty("bench.out", "bench/out/cluster"));
  private final int duration = Integer.getInteger("bench.duration", 10);
  private final int warmup = Integer.getInteger("bench.warmup", 5);
  private final int runs = Integer.getInteger("bench.runs", 3);
  private final int conns = Integer.getInteger("bench.conns", 16);
  private final int partitions = Integer.getInteger("bench.partitions", 12);
  private final int functions = Integer.getInteger("bench.functions", 10_000);
  private final int history = Integer.getInteger("bench.history", 30);
  private final boolean twoReplicas = Boolean.parseBoolean(System.getProperty("bench.two", "true"));
  private final Map<String, String> results = new LinkedHashMap<>();
  private KafkaBroker kafka;
  private BenchReplicas replicas;

  public static void main(String[] args) throws Exception {
    QUIET.setLevel(java.util.logging.Level.SEVERE); // the Kafka clients' INFO and WARNING lines
    ClusterBench b = new ClusterBench();
    Runtime.getRuntime().addShutdownHook(new Thread(b::stopAll));
    int code = 0;
    try {
      b.run(args.length == 0 ? List.of("ingest", "bytes", "handover") : List.of(args));
    } catch (Exception | AssertionError e) {
      System.err.println("ClusterBench failed: " + e);
      for (StackTraceElement el : e.getStackTrace()) {
        System.err.println("\tat " + el);
      }
      code = 1;
    } finally {
      b.stopAll();
    }
    System.exit(code);
  }

  /** Stops every replica, then the broker (also from the shutdown hook). */
  private synchronized void stopAll() {
    if (replicas != null) {
      replicas.stopAll();
    }
    if (kafka != null) {
      kafka.close();
      kafka = null;
    }
  }

  private void run(List<String> phases) throws Exception {
    Files.createDirectories(out);
    replicas = new BenchReplicas(out);
    Files.deleteIfExists(out.resolve("results.txt"));
    Path kdir = out.resolve("kafka");
    deleteTree(kdir);
    kafka = KafkaBroker.builder(kdir).heap("1g").start();
    result("broker", kafka.bootstrapServers() + " pid " + kafka.pid());
    if (phases.contains("ingest") || phases.contains("bytes")) {
      ingestAndBytes(phases.contains("ingest"), phases.contains("bytes"));
    }
    if (phases.contains("handover")) {
      handover();
    }
  }

  // ---------------------------------------------------------------- ingest rate and bytes

  private void ingestAndBytes(boolean ingest, boolean bytes) throws Exception {
    ChildRun direct = ingest ? replicas.start("direct", List.of()) : null;
    ChildRun c1 = replicas.start("c1", clusterArgs("prescale", "c1", Duration.ofSeconds(10)));
    replicas.awaitOwned(List.of(c1), partitions, 60);
    Path body = out.resolve("batch100-f1.pb");
    if (ingest) {
      BenchBodies.writeBody(body, 1);
      replicas.wrk(direct, body, conns, warmup);
      replicas.wrk(c1, body, conns, warmup);
      replicas.awaitApplied(List.of(c1), 120);
      ingestRuns("1 replica", direct, List.of(c1), body);
      if (twoReplicas) {
        ChildRun c2 = replicas.start("c2", clusterArgs("prescale", "c2", Duration.ofSeconds(10)));
        replicas.awaitOwned(List.of(c1, c2), partitions, 60);
        ingestRuns("2 replicas", direct, List.of(c1, c2), body);
        replicas.stop(c2);
      }
      replicas.stop(direct);
    }
    if (bytes) {
      for (int f : new int[] {1, 10, 100}) {
        bytesPerInvocation(c1, f);
      }
    }
    replicas.stop(c1);
  }

  private void ingestRuns(String name, ChildRun direct, List<ChildRun> cluster, Path body)
      throws Exception {
    List<Double> d = new ArrayList<>();
    List<Double> c = new ArrayList<>();
    List<Double> catchUp = new ArrayList<>();
    List<Double> cpuDirect = new ArrayList<>();
    List<Double> cpuReplicas = new ArrayList<>();
    List<Double> cpuBroker = new ArrayList<>();
    String key = name.replace(' ', '_');
    for (int i = 1; i <= runs; i++) {
      BenchBodies.writeBody(
          body, 1); // fresh timestamps: the sink refuses spans later than its lateness
      double cpu0 = replicas.cpuSeconds(List.of(direct));
      double dr = replicas.wrk(direct, body, conns, duration);
      double dcpu = replicas.cpuSeconds(List.of(direct)) - cpu0;
      BenchBodies.writeBody(body, 1);
      double gap = replicas.gap(cluster);
      double ccpu0 = replicas.cpuSeconds(cluster);
      double kcpu0 = replicas.cpuSeconds(kafka.pid());
      double cr = 0;
      if (cluster.size() == 1) {
        cr = replicas.wrk(cluster.get(0), body, conns, duration);
      } else {
        ExecutorService pool = Executors.newFixedThreadPool(cluster.size());
        List<Future<Double>> fs = new ArrayList<>();
        for (ChildRun r : cluster) {
          fs.add(
              pool.submit(
                  () -> replicas.wrk(r, body, Math.max(1, conns / cluster.size()), duration)));
        }
        for (Future<Double> f : fs) {
          cr += f.get();
        }
        pool.shutdown();
      }
      long t0 = System.nanoTime();
      replicas.awaitApplied(cluster, 300, gap);
      double cu = (System.nanoTime() - t0) / 1e9;
      double ccpu = replicas.cpuSeconds(cluster) - ccpu0;
      double kcpu = replicas.cpuSeconds(kafka.pid()) - kcpu0;
      // CPU microseconds per span: replica(s) and broker, against the direct replica
      double spansD = dr * 100 * duration;
      double spansC = cr * 100 * duration;
      cpuDirect.add(dcpu * 1e6 / spansD);
      cpuReplicas.add(ccpu * 1e6 / spansC);
      cpuBroker.add(kcpu * 1e6 / spansC);
      System.out.printf(
          Locale.ROOT,
          "ingest %s run %d: direct %.0f spans/s, cluster %.0f spans/s (%.2f), applied %.2f s after"
              + " the load stopped%n",
          name,
          i,
          dr * 100,
          cr * 100,
          cr / dr,
          cu);
      d.add(dr * 100);
      c.add(cr * 100);
      catchUp.add(cu);
    }
    result("ingest." + key + ".direct_spans_per_s", fmt(median(d)) + " runs " + list(d));
    result("ingest." + key + ".cluster_spans_per_s", fmt(median(c)) + " runs " + list(c));
    result(
        "ingest." + key + ".ratio_cluster_over_direct",
        String.format(Locale.ROOT, "%.2f", median(c) / median(d)));
    result(
        "ingest." + key + ".applied_after_s",
        String.format(Locale.ROOT, "%.2f", median(catchUp)) + " runs " + list(catchUp));
    result(
        "ingest." + key + ".cpu_us_per_span",
        String.format(
            Locale.ROOT,
            "direct replica %.2f; cluster replicas %.2f + broker %.2f (medians)",
            median(cpuDirect),
            median(cpuReplicas),
            median(cpuBroker)));
    double applied = 0;
    double produced = 0;
    for (ChildRun r : cluster) {
      Map<String, Double> m = replicas.metrics(r);
      applied += m.getOrDefault("prescale_cluster_records_total{outcome=\"applied\"}", 0.0);
      produced += m.getOrDefault("prescale_cluster_produced_records_total", 0.0);
    }
    result("ingest." + key + ".records_produced_applied", fmt(produced) + " " + fmt(applied));
  }

  private void bytesPerInvocation(ChildRun c1, int fns) throws Exception {
    Path body = out.resolve("batch100-f" + fns + ".pb");
    double gap = replicas.gap(List.of(c1));
    Map<String, Double> m0 = replicas.metrics(c1);
    long disk0 = BenchReplicas.topicBytes(kafka, "prescale.invocations");
    BenchBodies.writeBody(body, fns);
    double rps = replicas.wrk(c1, body, conns, 5);
    replicas.awaitApplied(List.of(c1), 120, gap);
    Map<String, Double> m1 = replicas.metrics(c1);
    long disk1 = BenchReplicas.topicBytes(kafka, "prescale.invocations");
    double bytes = delta(m0, m1, "prescale_cluster_produced_bytes_total");
    double writes = delta(m0, m1, "prescale_cluster_produced_writes_total");
    double records = delta(m0, m1, "prescale_cluster_produced_records_total");
    double spans = delta(m0, m1, acceptedSpansKey(m1));
    String k = "bytes.functions_per_request_" + fns;
    result(k + ".requests_per_s", fmt(rps));
    result(k + ".records_per_request", String.format(Locale.ROOT, "%.1f", records / (spans / 100)));
    result(k + ".writes_per_span", String.format(Locale.ROOT, "%.2f", writes / spans));
    result(k + ".value_bytes_per_write", String.format(Locale.ROOT, "%.1f", bytes / writes));
    result(k + ".value_bytes_per_record", String.format(Locale.ROOT, "%.1f", bytes / records));
    result(k + ".disk_bytes_per_span", String.format(Locale.ROOT, "%.1f", (disk1 - disk0) / spans));
    result(
        k + ".totals",
        String.format(
            Locale.ROOT,
            "spans %.0f records %.0f writes %.0f value bytes %.0f disk bytes %d",
            spans,
            records,
            writes,
            bytes,
            disk1 - disk0));
  }

  private static String acceptedSpansKey(Map<String, Double> m) {
    return m.keySet().stream()
        .filter(
            k ->
                k.startsWith("prescale_otlp_received_items_total{")
                    && k.contains("transport=\"http\"")
                    && k.contains("signal=\"traces\"")
                    && k.contains("encoding=\"protobuf\"")
                    && k.contains("outcome=\"accepted\""))
        .findFirst()
        .orElseThrow(() -> new IllegalStateException("no accepted http/protobuf spans series"));
  }

  // ---------------------------------------------------------------- rebalance and failover

  private void handover() throws Exception {
    String prefix = "handover";
    Duration interval =
        Duration.ofSeconds(Integer.parseInt(System.getProperty("bench.checkpoint", "5")));
    ChildRun a = replicas.start("a", clusterArgs(prefix, "a", interval));
    replicas.awaitOwned(List.of(a), partitions, 60);
    double heap0 = replicas.heapAfterGc(a);
    result("handover.partitions", Integer.toString(partitions));
    result("handover.checkpoint_interval", interval.toSeconds() + "s");
    Map<String, Long> expected = new TreeMap<>();
    long t0 = System.nanoTime();
    sendHistory(a, expected, history);
    result(
        "handover.history",
        String.format(
            Locale.ROOT,
            "%d functions x %d spans sent in %.1f s",
            functions,
            history,
            (System.nanoTime() - t0) / 1e9));
    replicas.awaitApplied(List.of(a), 300);
    awaitExact(List.of(a), expected, 120);
    awaitCheckpoint(a, interval);
    double heap1 = replicas.heapAfterGc(a);
    result("handover.heap_a_empty_mb", String.format(Locale.ROOT, "%.1f", heap0 / 1e6));
    result("handover.heap_a_with_functions_mb", String.format(Locale.ROOT, "%.1f", heap1 / 1e6));
    result(
        "handover.heap_per_function_bytes_ingest_and_owner",
        String.format(Locale.ROOT, "%.0f", (heap1 - heap0) / functions));
    long state = BenchReplicas.topicBytes(kafka, prefix + ".state");
    result("handover.state_topic_disk_bytes", Long.toString(state));
    result(
        "handover.state_disk_bytes_per_function",
        String.format(Locale.ROOT, "%.1f", (double) state / functions));
    Map<String, Double> ma = replicas.metrics(a);
    result(
        "handover.checkpoint_seconds_mean",
        String.format(
            Locale.ROOT,
            "%.3f over %.0f checkpoints",
            ma.get("prescale_cluster_checkpoint_seconds_sum")
                / ma.get("prescale_cluster_checkpoint_seconds_count"),
            ma.get("prescale_cluster_checkpoint_seconds_count")));

    // (i) replica B joins: the group moves half of the partitions, B restores and replays them
    sendBurst(a, expected);
    long startB = System.nanoTime();
    ChildRun b = replicas.start("b", clusterArgs(prefix, "b", interval));
    double listening = (System.nanoTime() - startB) / 1e9;
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    double ownedB = 0;
    while (System.nanoTime() < deadline) {
      ownedB = replicas.metric(b, "prescale_cluster_partitions_owned");
      if (ownedB > 0
          && ownedB + replicas.metric(a, "prescale_cluster_partitions_owned") == partitions) {
        break;
      }
      Thread.sleep(100);
    }
    double settled = (System.nanoTime() - startB) / 1e9;
    awaitExact(List.of(a, b), expected, 120);
    double exact = (System.nanoTime() - startB) / 1e9;
    result(
        "handover.join",
        String.format(
            Locale.ROOT,
            "B listening %.2f s after its start; B owns %.0f of %d partitions %.2f s after its start"
                + " (%.2f s after listening); exact counts on A+B %.2f s after B's start",
            listening,
            ownedB,
            partitions,
            settled,
            settled - listening,
            exact));
    ownedLines("handover.join.b", b);

    // (ii) kill -9 of A right after traffic it has not checkpointed: B takes everything
    awaitCheckpoint(a, interval);
    double gap = replicas.gap(List.of(a, b));
    sendBurst(a, expected);
    replicas.awaitApplied(List.of(a, b), 60, gap);
    replicas.drainLog(b);
    long kill = System.nanoTime();
    a.process().destroyForcibly();
    a.process().waitFor(20, TimeUnit.SECONDS);
    replicas.forget(a);
    deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(120);
    while (System.nanoTime() < deadline
        && replicas.metric(b, "prescale_cluster_partitions_owned") < partitions) {
      Thread.sleep(100);
    }
    double owned = (System.nanoTime() - kill) / 1e9;
    awaitExact(List.of(b), expected, 120);
    double exactAll = (System.nanoTime() - kill) / 1e9;
    result(
        "handover.kill",
        String.format(
            Locale.ROOT,
            "B owns all %d partitions %.2f s after kill -9 of A (session timeout %s); exact counts"
                + " of all %d functions on B %.2f s after the kill",
            partitions,
            owned,
            "6s",
            functions,
            exactAll));
    ownedLines("handover.kill.b", b);
    double heapB = replicas.heapAfterGc(b);
    result("handover.heap_b_owner_only_mb", String.format(Locale.ROOT, "%.1f", heapB / 1e6));
    result(
        "handover.heap_per_function_bytes_owner_only",
        String.format(Locale.ROOT, "%.0f", (heapB - heap0) / functions));
    Map<String, Double> mb = replicas.metrics(b);
    result(
        "handover.b_restore_seconds",
        String.format(
            Locale.ROOT,
            "sum %.3f over %.0f partition restores",
            mb.getOrDefault("prescale_cluster_restore_seconds_sum", 0.0),
            mb.getOrDefault("prescale_cluster_restore_seconds_count", 0.0)));
    result(
        "handover.b_replayed_records_total",
        fmt(mb.getOrDefault("prescale_cluster_replayed_records_total", 0.0)));
    replicas.stop(b);
  }

  /** B's "partition P owned" lines since the last drain: restored, replayed and seconds. */
  private void ownedLines(String key, ChildRun r) throws IOException {
    String text = replicas.drainLog(r);
    Matcher m = OWNED.matcher(text);
    int n = 0;
    long restored = 0;
    long replayed = 0;
    double max = 0;
    List<String> each = new ArrayList<>();
    while (m.find()) {
      n++;
      restored += Long.parseLong(m.group(3));
      replayed += Long.parseLong(m.group(4));
      double s = Double.parseDouble(m.group(5));
      max = Math.max(max, s);
      each.add("p" + m.group(1) + ":" + m.group(3) + "f/" + m.group(4) + "r/" + m.group(5) + "s");
    }
    // each line's seconds run from that partition's restore start to the poll that found it
    // caught up; restores run one after another in the rebalance callback, so the first
    // partition's figure spans them all
    result(
        key,
        String.format(
            Locale.ROOT,
            "%d partitions owned: %d functions restored, %d records replayed; all within %.2f s of"
                + " the first restore's start (%.0f functions/s)",
            n,
            restored,
            replayed,
            max,
            max > 0 ? restored / max : 0));
    result(key + ".each", String.join(" ", each));
  }

  /** {@code perFunction} spans of every function, spread over the last 4 minutes. */
  private void sendHistory(ChildRun r, Map<String, Long> expected, int perFunction)
      throws Exception {
    long now = BenchBodies.nowNanos();
    SplittableRandom rnd = new SplittableRandom(7);
    ExecutorService pool = Executors.newFixedThreadPool(4);
    List<Future<?>> fs = new ArrayList<>();
    for (int from = 0; from < functions; from += 100) {
      int f0 = from;
      int f1 = Math.min(functions, from + 100);
      long seed = rnd.nextLong();
      fs.add(
          pool.submit(
              () -> {
                replicas.post(
                    r,
                    BenchBodies.historyBody(
                        f0, f1, perFunction, now - 240_000_000_000L, 230_000_000_000L, seed));
                return null;
              }));
      for (int f = f0; f < f1; f++) {
        expected.merge(BenchBodies.name(f), (long) perFunction, Long::sum);
      }
    }
    for (Future<?> f : fs) {
      f.get();
    }
    pool.shutdown();
  }

  /** One span of every function, now. */
  private void sendBurst(ChildRun r, Map<String, Long> expected) throws Exception {
    long now = BenchBodies.nowNanos();
    for (int from = 0; from < functions; from += 500) {
      int to = Math.min(functions, from + 500);
      replicas.post(
          r, BenchBodies.historyBody(from, to, 1, now - 3_000_000_000L, 2_000_000_000L, from));
      for (int f = from; f < to; f++) {
        expected.merge(BenchBodies.name(f), 1L, Long::sum);
      }
    }
  }

  /** Waits until the replicas' function lists, merged, hold exactly the expected counts. */
  private void awaitExact(List<ChildRun> rs, Map<String, Long> expected, int seconds)
      throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    String problem = "";
    while (System.nanoTime() < deadline) {
      Map<String, Long> counts = new HashMap<>();
      problem = null;
      for (ChildRun r : rs) {
        String after = null;
        do {
          String path =
              "/api/v1/functions?window=1h&limit=10000" + (after == null ? "" : "&after=" + after);
          JsonObject page = new JsonObject(replicas.get(r, path).body());
          JsonArray fs = page.getJsonArray("functions");
          for (Object o : fs) {
            JsonObject f = (JsonObject) o;
            if (counts.put(f.getString("function"), f.getLong("invocationsTotal")) != null) {
              problem = f.getString("function") + " listed twice";
            }
          }
          after = page.getString("next");
        } while (after != null);
      }
      if (problem == null) {
        if (counts.equals(expected)) {
          return;
        }
        long differ =
            expected.entrySet().stream()
                .filter(e -> !e.getValue().equals(counts.get(e.getKey())))
                .count();
        problem = counts.size() + " functions listed, " + differ + " differ";
      }
      Thread.sleep(250);
    }
    throw new IllegalStateException("counts not exact within " + seconds + " s: " + problem);
  }

  /**
   * Waits for the checkpoint covering what {@code r} applied so far: the owner loop applies and
   * checkpoints on one thread, so the next checkpoint to complete covers every record applied
   * before this call; an owner with nothing changed writes none, so after three intervals without
   * one the last one covered everything.
   */
  private void awaitCheckpoint(ChildRun r, Duration interval) throws Exception {
    double c0 = replicas.metric(r, "prescale_cluster_checkpoint_seconds_count");
    long deadline = System.nanoTime() + 3 * interval.toNanos() + 2_000_000_000L;
    while (System.nanoTime() < deadline) {
      if (replicas.metric(r, "prescale_cluster_checkpoint_seconds_count") > c0) {
        return;
      }
      Thread.sleep(100);
    }
  }

  // ---------------------------------------------------------------- replicas

  private List<String> clusterArgs(String prefix, String id, Duration checkpoint) {
    return List.of(
        "--kafka-bootstrap",
        kafka.bootstrapServers(),
        "--kafka-topic-prefix",
        prefix,
        "--kafka-partitions",
        Integer.toString(partitions),
        "--kafka-replication-factor",
        "1",
        "--replica-id",
        id,
        "--kafka-session-timeout",
        "6s",
        "--checkpoint-interval",
        checkpoint.toSeconds() + "s");
  }

  private static double delta(Map<String, Double> m0, Map<String, Double> m1, String k) {
    return m1.getOrDefault(k, 0.0) - m0.getOrDefault(k, 0.0);
  }

  private static double median(List<Double> xs) {
    List<Double> s = new ArrayList<>(xs);
    s.sort(null);
    int n = s.size();
    return n % 2 == 1 ? s.get(n / 2) : (s.get(n / 2 - 1) + s.get(n / 2)) / 2;
  }

  private static String fmt(double v) {
    return String.format(Locale.ROOT, "%.0f", v);
  }

  private static String list(List<Double> xs) {
    List<String> s = new ArrayList<>();
    for (double x : xs) {
      s.add(String.format(Locale.ROOT, x >= 100 ? "%.0f" : "%.2f", x));
    }
    return String.join(", ", s);
  }

  private void result(String key, String value) throws IOException {
    results.put(key, value);
    String line = "RESULT " + key + " " + value;
    System.out.println(line);
    Files.writeString(
        out.resolve("results.txt"),
        line + "\n",
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
  }

  private static void deleteTree(Path p) throws IOException {
    if (!Files.exists(p)) {
      return;
    }
    try (Stream<Path> s = Files.walk(p)) {
      for (Path x : (Iterable<Path>) s.sorted((x, y) -> y.compareTo(x))::iterator) {
        Files.delete(x);
      }
    }
  }
}
