package io.prescale.app.cluster;

import io.prescale.app.ChildRun;
import io.prescale.testkafka.KafkaBroker;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.StandardOpenOption;
import java.time.Duration;
import java.util.ArrayList;
import java.util.Arrays;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import java.util.stream.Stream;

/**
 * The child processes of {@link ClusterBench}: {@code prescale run} replicas on loopback, wrk
 * against them, and what it reads from them ({@code /metrics}, the API, CPU seconds, heap after
 * GC).
 */
final class BenchReplicas {
  private static final Pattern METRIC =
      Pattern.compile(
          "^([a-zA-Z_:][a-zA-Z0-9_:]*)(\\{[^}]*\\})? ([0-9.eE+-]+|NaN)$", Pattern.MULTILINE);
  private final Path out;
  private final String jvmOpts = System.getProperty("bench.jvm", "-Xms1g -Xmx1g");
  private final String lua = System.getProperty("bench.lua", "bench/otlp-post.lua");
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final List<ChildRun> children = new ArrayList<>();
  private final Map<ChildRun, String> logs = new HashMap<>();

  BenchReplicas(Path out) {
    this.out = out;
  }

  /** wrk against r's OTLP/HTTP port; returns requests per second (fails on any non-2xx). */
  double wrk(ChildRun r, Path body, int c, int seconds) throws Exception {
    ProcessBuilder pb =
        new ProcessBuilder(
            "wrk",
            "-t1",
            "-c" + c,
            "-d" + seconds + "s",
            "-s",
            lua,
            "http://127.0.0.1:" + r.otlpPort());
    pb.environment().put("BODY", body.toString());
    pb.redirectErrorStream(true);
    Process p = pb.start();
    String text = new String(p.getInputStream().readAllBytes());
    if (!p.waitFor(seconds + 60L, TimeUnit.SECONDS)) {
      p.destroyForcibly();
      throw new IllegalStateException("wrk did not finish");
    }
    Files.writeString(
        out.resolve("wrk.txt"), text + "\n", StandardOpenOption.CREATE, StandardOpenOption.APPEND);
    Matcher non = Pattern.compile("Non-2xx or 3xx responses: (\\d+)").matcher(text);
    if (non.find()) {
      throw new IllegalStateException("wrk saw " + non.group(1) + " non-2xx answers:\n" + text);
    }
    Matcher m = Pattern.compile("Requests/sec:\\s+([0-9.]+)").matcher(text);
    if (!m.find()) {
      throw new IllegalStateException("no Requests/sec in wrk output:\n" + text);
    }
    return Double.parseDouble(m.group(1));
  }

  void post(ChildRun r, byte[] body) throws Exception {
    for (int attempt = 0; attempt < 50; attempt++) {
      HttpResponse<String> resp =
          http.send(
              HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + r.otlpPort() + "/v1/traces"))
                  .timeout(Duration.ofSeconds(30))
                  .header("Content-Type", "application/x-protobuf")
                  .POST(HttpRequest.BodyPublishers.ofByteArray(body))
                  .build(),
              HttpResponse.BodyHandlers.ofString());
      if (resp.statusCode() == 200) {
        return;
      }
      if (resp.statusCode() != 503 && resp.statusCode() != 429) {
        throw new IllegalStateException(
            "POST /v1/traces: " + resp.statusCode() + " " + resp.body());
      }
      Thread.sleep(200);
    }
    throw new IllegalStateException("POST /v1/traces refused 50 times");
  }

  ChildRun start(String name, List<String> extra) throws Exception {
    int api = freePort();
    List<String> cmd = new ArrayList<>();
    cmd.add(Path.of(System.getProperty("java.home"), "bin", "java").toString());
    cmd.addAll(Arrays.asList(jvmOpts.trim().split("\\s+")));
    cmd.addAll(
        List.of(
            "-cp",
            System.getProperty("java.class.path"),
            "io.prescale.app.Main",
            "run",
            "--bind",
            "127.0.0.1",
            "--otlp-http-port",
            "0",
            "--otlp-grpc-port",
            "0",
            "--http-port",
            Integer.toString(api)));
    if (!extra.isEmpty()) {
      cmd.addAll(extra);
      cmd.addAll(List.of("--advertised-url", "http://127.0.0.1:" + api));
    }
    ChildRun r = ChildRun.start(new ProcessBuilder(cmd), name);
    children.add(r);
    logs.put(r, name);
    Files.writeString(
        out.resolve("pids"),
        r.process().pid() + "\n",
        StandardOpenOption.CREATE,
        StandardOpenOption.APPEND);
    System.out.println(
        "started " + name + " (pid " + r.process().pid() + ", api " + r.apiPort() + ")");
    return r;
  }

  String drainLog(ChildRun r) {
    String text = r.drain();
    String name = logs.get(r);
    try {
      Files.writeString(
          out.resolve("replica-" + name + ".log"),
          text + "\n",
          StandardOpenOption.CREATE,
          StandardOpenOption.APPEND);
    } catch (IOException e) {
      System.err.println("writing the replica log: " + e);
    }
    return text;
  }

  void stop(ChildRun r) throws InterruptedException {
    r.process().destroy();
    if (!r.process().waitFor(30, TimeUnit.SECONDS)) {
      r.process().destroyForcibly();
    }
    drainLog(r);
    children.remove(r);
  }

  void stopAll() {
    for (ChildRun r : List.copyOf(children)) {
      r.process().destroyForcibly();
      drainLog(r);
    }
    children.clear();
  }

  /** Forgets a replica killed by the caller. */
  void forget(ChildRun r) {
    drainLog(r);
    children.remove(r);
  }

  void awaitOwned(List<ChildRun> rs, int partitions, int seconds) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      double sum = 0;
      boolean each = true;
      for (ChildRun r : rs) {
        double o = metric(r, "prescale_cluster_partitions_owned");
        sum += o;
        each &= o > 0;
      }
      if (sum == partitions && each) {
        return;
      }
      Thread.sleep(100);
    }
    throw new IllegalStateException("partitions not owned within " + seconds + " s");
  }

  /**
   * Waits until the replicas (every producer among them) applied every record they produced and
   * their lag is 0.
   */
  void awaitApplied(List<ChildRun> rs, int seconds) throws Exception {
    awaitApplied(rs, seconds, 0);
  }

  /**
   * Waits until the replicas' lag is 0 and applied minus produced records is back to {@code gap}
   * (what it was before the load: replays after a rebalance count as applied again).
   */
  void awaitApplied(List<ChildRun> rs, int seconds, double gap) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(seconds);
    while (System.nanoTime() < deadline) {
      double lag = 0;
      double produced = 0;
      double applied = 0;
      for (ChildRun r : rs) {
        Map<String, Double> m = metrics(r);
        lag += m.getOrDefault("prescale_cluster_lag_records", 1.0);
        produced += m.getOrDefault("prescale_cluster_produced_records_total", 0.0);
        applied += applied(m);
      }
      if (lag == 0 && applied - produced >= gap) {
        return;
      }
      Thread.sleep(50);
    }
    throw new IllegalStateException("records not applied within " + seconds + " s");
  }

  double gap(List<ChildRun> rs) throws Exception {
    double g = 0;
    for (ChildRun r : rs) {
      Map<String, Double> m = metrics(r);
      g += applied(m) - m.getOrDefault("prescale_cluster_produced_records_total", 0.0);
    }
    return g;
  }

  static double applied(Map<String, Double> m) {
    return m.getOrDefault("prescale_cluster_records_total{outcome=\"applied\"}", 0.0);
  }

  /** Heap used after two full collections ({@code jcmd GC.run}), from /metrics. */
  double heapAfterGc(ChildRun r) throws Exception {
    String jcmd = Path.of(System.getProperty("java.home"), "bin", "jcmd").toString();
    for (int i = 0; i < 2; i++) {
      Process p =
          new ProcessBuilder(jcmd, Long.toString(r.process().pid()), "GC.run")
              .redirectErrorStream(true)
              .start();
      p.getInputStream().readAllBytes();
      p.waitFor(60, TimeUnit.SECONDS);
    }
    Thread.sleep(200);
    double sum = 0;
    for (Map.Entry<String, Double> e : metrics(r).entrySet()) {
      if (e.getKey().startsWith("jvm_memory_used_bytes{") && e.getKey().contains("area=\"heap\"")) {
        sum += e.getValue();
      }
    }
    return sum;
  }

  // ---------------------------------------------------------------- helpers

  /** User plus system CPU seconds of a process so far, from /proc (Linux). */
  static double cpuSeconds(long pid) {
    try {
      String stat = Files.readString(Path.of("/proc", Long.toString(pid), "stat"));
      String[] f = stat.substring(stat.lastIndexOf(')') + 2).split(" ");
      return (Long.parseLong(f[11]) + Long.parseLong(f[12])) / 100.0; // USER_HZ 100
    } catch (IOException | RuntimeException e) {
      return Double.NaN;
    }
  }

  double cpuSeconds(List<ChildRun> rs) {
    double sum = 0;
    for (ChildRun r : rs) {
      sum += cpuSeconds(r.process().pid());
    }
    return sum;
  }

  double metric(ChildRun r, String name) throws Exception {
    return metrics(r).getOrDefault(name, 0.0);
  }

  Map<String, Double> metrics(ChildRun r) throws Exception {
    Map<String, Double> m = new HashMap<>();
    Matcher x = METRIC.matcher(get(r, "/metrics").body());
    while (x.find()) {
      String key = x.group(1) + (x.group(2) == null ? "" : x.group(2));
      m.merge(key, Double.parseDouble(x.group(3)), Double::sum);
    }
    return m;
  }

  HttpResponse<String> get(ChildRun r, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + r.apiPort() + path))
            .timeout(Duration.ofSeconds(30))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** Bytes of the topic's log segments ({@code .log} files) in the broker's log directory. */
  static long topicBytes(KafkaBroker kafka, String topic) throws IOException {
    Path dir = kafka.workDir().resolve("kraft-logs");
    long sum = 0;
    try (Stream<Path> ps = Files.list(dir)) {
      for (Path p : (Iterable<Path>) ps::iterator) {
        String n = p.getFileName().toString();
        if (n.startsWith(topic + "-") && n.substring(topic.length() + 1).matches("\\d+")) {
          try (Stream<Path> fs = Files.list(p)) {
            for (Path f : (Iterable<Path>) fs::iterator) {
              if (f.getFileName().toString().endsWith(".log")) {
                sum += Files.size(f);
              }
            }
          }
        }
      }
    }
    return sum;
  }

  static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }
}
