package io.prescale.app.cluster;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;
import static org.junit.jupiter.api.Assertions.fail;

import io.prescale.app.ChildRun;
import io.prescale.testkafka.KafkaBroker;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.ServerSocket;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.Properties;
import java.util.Set;
import java.util.TreeMap;
import java.util.TreeSet;
import java.util.concurrent.TimeUnit;
import java.util.regex.Matcher;
import java.util.regex.Pattern;
import org.apache.kafka.clients.producer.KafkaProducer;
import org.apache.kafka.clients.producer.ProducerRecord;
import org.apache.kafka.common.serialization.ByteArraySerializer;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Cluster mode end to end: a real Kafka 4 broker (KRaft, child JVM) and {@code prescale run}
 * replicas in child JVMs, OTLP sent to all of them, a webhook endpoint recording every scale call
 * with its fencing token. Proves, in one run: every function has exactly one owner and the
 * cluster's counts are exact; after {@code kill -9} of a replica its functions move within the
 * session timeout plus the replay, with their history and exact counts, and no function is scaled
 * by two replicas in one generation; a replica added rebalances with the same guarantees; a broker
 * restart loses no accepted data; bad records on the topic are counted and skipped.
 */
class ClusterEndToEndTest {
  private static final int FUNCTIONS = 3000;
  private static final int PARTITIONS = 12;
  private static final String SESSION = "6s";
  private static final Pattern METRIC =
      Pattern.compile("^(prescale_[a-z_]+)(\\{[^}]*\\})? ([0-9.eE+-]+)$", Pattern.MULTILINE);

  @TempDir Path dir;
  private final HttpClient http =
      HttpClient.newBuilder().connectTimeout(Duration.ofSeconds(2)).build();
  private final Map<String, ChildRun> replicas = new LinkedHashMap<>();
  private final Map<String, Long> expected = new TreeMap<>();
  private KafkaBroker kafka;
  private WebhookRecorder webhook;
  private Path policy;

  @AfterEach
  void stop() {
    for (ChildRun r : replicas.values()) {
      r.process().destroyForcibly();
    }
    if (webhook != null) {
      webhook.close();
    }
    if (kafka != null) {
      kafka.close();
    }
  }

  @Test
  void replicasShareFunctionsAndHandOverWithoutLossOrDoubleActuation() throws Exception {
    kafka = KafkaBroker.start(dir.resolve("kafka"));
    kafka.createTopic("otlp_spans", 3, Map.of());
    webhook = new WebhookRecorder();
    policy = dir.resolve("policy.yaml");
    Files.writeString(
        policy,
        String.join(
            "\n",
            "policies:",
            "  - name: all",
            "    match: { function: \"*\" }",
            "    adapter: { name: webhook, target: { url: \"" + webhook.url() + "\" } }",
            ""));

    // three replicas, traffic to all of them: one owner per function, exact counts
    for (String id : List.of("r1", "r2", "r3")) {
      start(id);
    }
    awaitOwned(3);
    send(List.copyOf(replicas.values()), 0, FUNCTIONS, 2);
    Map<String, String> owners = awaitExact("three replicas");
    assertEquals(
        FUNCTIONS, sumMetric("prescale_functions_tracked", ""), "/metrics: tracked functions");
    assertEquals(
        PARTITIONS, sumMetric("prescale_cluster_partitions_owned", ""), "/metrics: partitions");

    awaitClusterView(replicas.get("r3"), 3);

    // any replica answers for any function: forwarded to its owner
    String moved = firstOwnedBy(owners, "r2");
    HttpResponse<String> viaR1 = get(replicas.get("r1"), "/api/v1/functions/" + moved);
    assertEquals(200, viaR1.statusCode(), viaR1.body());
    assertEquals("r2", viaR1.headers().firstValue("Prescale-Served-By").orElse(null));
    assertEquals(
        expected.get(moved),
        new JsonObject(viaR1.body()).getLong("invocationsTotal"),
        viaR1.body());

    // kill -9 of r2 under traffic: its functions move with their history, counts stay exact
    ChildRun r2 = replicas.remove("r2");
    send(List.of(r2, replicas.get("r1"), replicas.get("r3")), 0, FUNCTIONS / 2, 1);
    long killedAt = System.nanoTime();
    r2.process().destroyForcibly();
    assertTrue(r2.process().waitFor(20, TimeUnit.SECONDS));
    send(List.copyOf(replicas.values()), FUNCTIONS / 2, FUNCTIONS, 1);
    owners = awaitExact("after kill -9 of r2");
    double handover = (System.nanoTime() - killedAt) / 1e9;
    assertTrue(!owners.containsValue("r2"));
    // the moved function is decided by its new owner, from its restored windows
    String newOwner = owners.get(moved);
    String other = newOwner.equals("r1") ? "r3" : "r1";
    HttpResponse<String> decision = awaitDecision(replicas.get(other), moved);
    assertEquals(newOwner, decision.headers().firstValue("Prescale-Served-By").orElse(null));
    HttpResponse<String> windows = get(replicas.get(other), "/api/v1/functions/" + moved);
    assertEquals(
        expected.get(moved),
        new JsonObject(windows.body()).getLong("invocationsTotal"),
        "the moved function's history came with it: " + windows.body());
    System.out.printf("handover after kill -9: exact counts within %.1f s%n", handover);

    // a replica added: partitions rebalance, same guarantees
    start("r4");
    awaitOwned(3);
    send(List.copyOf(replicas.values()), 0, FUNCTIONS, 1);
    owners = awaitExact("after adding r4");
    assertTrue(owners.containsValue("r4"), "r4 owns functions after the rebalance");

    // a clean stop (SIGTERM) of r1: it checkpoints and leaves the group, no session timeout
    ChildRun r1 = replicas.remove("r1");
    r1.process().destroy();
    long stoppedAt = System.nanoTime();
    assertTrue(r1.process().waitFor(60, TimeUnit.SECONDS));
    send(List.copyOf(replicas.values()), 0, FUNCTIONS, 1);
    owners = awaitExact("after SIGTERM of r1");
    assertTrue(!owners.containsValue("r1"));
    System.out.printf(
        "handover after SIGTERM: exact counts within %.1f s%n",
        (System.nanoTime() - stoppedAt) / 1e9);

    // the broker restarted: no accepted data lost
    kafka.restart();
    send(List.copyOf(replicas.values()), 0, FUNCTIONS, 1);
    awaitExact("after a broker restart");

    // bad input on the topic: counted and skipped, the partition goes on
    badRecords();
    send(List.copyOf(replicas.values()), 0, FUNCTIONS, 1);
    awaitExact("after bad records");
    assertTrue(sumMetric("prescale_cluster_records_total", "outcome=\"undecodable\"") >= 1);
    assertTrue(sumMetric("prescale_cluster_records_total", "outcome=\"unknown_version\"") >= 1);
    assertTrue(sumMetric("prescale_cluster_records_total", "outcome=\"oversized\"") >= 1);

    // the Collector's kafka exporter topic (otlp_proto): consumed by the group, counted once
    collectorTopic(0, 100);
    awaitExact("after spans through otlp_spans");
    assertTrue(sumMetric("prescale_cluster_records_total", "outcome=\"otlp_undecodable\"") >= 1);

    assertFencedActuation();
    System.out.printf(
        "invocations topic: %.1f value bytes per window write (%.0f records, %.0f writes)%n",
        sumMetric("prescale_cluster_produced_bytes_total", "")
            / sumMetric("prescale_cluster_produced_writes_total", ""),
        sumMetric("prescale_cluster_produced_records_total", ""),
        sumMetric("prescale_cluster_produced_writes_total", ""));
  }

  /**
   * {@code GET /api/v1/cluster} of {@code via} lists {@code n} replicas owning every partition
   * once, none unowned, holding every function between them (within 20 s: they publish every 5 s).
   */
  private void awaitClusterView(ChildRun via, int n) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    String last;
    do {
      JsonObject c = new JsonObject(get(via, "/api/v1/cluster").body());
      JsonArray rs = c.getJsonArray("replicas");
      Set<Integer> seen = new TreeSet<>();
      int partitions = 0;
      long functions = 0;
      for (Object o : rs) {
        JsonObject r = (JsonObject) o;
        for (Object p : r.getJsonArray("partitions")) {
          seen.add((Integer) p);
          partitions++;
        }
        functions += r.getLong("functions");
      }
      if (rs.size() == n
          && partitions == PARTITIONS
          && seen.size() == PARTITIONS
          && c.getJsonArray("unowned").isEmpty()
          && functions == expected.size()) {
        return;
      }
      last = c.encode();
      Thread.sleep(500);
    } while (System.nanoTime() < deadline);
    fail("/api/v1/cluster did not show " + n + " replicas owning everything: " + last);
  }

  /** The function's latest decision through {@code via} (forwarded), within 20 s. */
  private HttpResponse<String> awaitDecision(ChildRun via, String function) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(20);
    HttpResponse<String> r;
    do {
      r = get(via, "/api/v1/decisions/" + function);
      if (r.statusCode() == 200) {
        return r;
      }
      Thread.sleep(250);
    } while (System.nanoTime() < deadline);
    fail("no decision of " + function + " within 20 s: " + r.statusCode() + " " + r.body());
    return r;
  }

  /** No function scaled by two replicas in one generation; a new owner always has a newer one. */
  private void assertFencedActuation() {
    List<WebhookRecorder.Call> calls = webhook.calls();
    assertTrue(calls.size() > 0, "the adapter endpoint was called");
    Map<String, Map<Integer, Set<String>>> byGeneration = new HashMap<>();
    Map<String, WebhookRecorder.Call> last = new HashMap<>();
    for (WebhookRecorder.Call c : calls) {
      assertNotNull(c.replica(), "every call carries Prescale-Origin");
      byGeneration
          .computeIfAbsent(c.function(), f -> new HashMap<>())
          .computeIfAbsent(c.generation(), g -> new TreeSet<>())
          .add(c.replica());
      WebhookRecorder.Call prev = last.put(c.function(), c);
      if (prev != null && !prev.replica().equals(c.replica())) {
        assertTrue(
            c.generation() > prev.generation(),
            c.function() + " scaled by " + prev + " then by " + c + " (generation not newer)");
      }
    }
    byGeneration.forEach(
        (f, gens) ->
            gens.forEach(
                (g, rs) ->
                    assertEquals(1, rs.size(), f + " scaled by " + rs + " in generation " + g)));
  }

  private void badRecords() throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", kafka.bootstrapServers());
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      byte[] key = "fn-bad".getBytes(StandardCharsets.UTF_8);
      byte[] unknown = {'P', 9, 1, 2, 3};
      byte[] oversized = new byte[(64 << 10) + 100];
      oversized[0] = 'P';
      oversized[1] = 1;
      for (int part = 0; part < PARTITIONS; part++) {
        String t = "prescale.invocations";
        producer.send(
            new ProducerRecord<>(t, part, key, "garbage".getBytes(StandardCharsets.UTF_8)));
        producer.send(new ProducerRecord<>(t, part, key, unknown));
        producer.send(new ProducerRecord<>(t, part, key, oversized));
      }
      producer.flush();
    }
  }

  /**
   * One span of each function in [from, to) as the Collector's kafka exporter writes them (one
   * otlp_proto TracesData per record), and one record that is not protobuf.
   */
  private void collectorTopic(int from, int to) throws Exception {
    Properties p = new Properties();
    p.put("bootstrap.servers", kafka.bootstrapServers());
    long now = System.currentTimeMillis() * 1_000_000L;
    try (KafkaProducer<byte[], byte[]> producer =
        new KafkaProducer<>(p, new ByteArraySerializer(), new ByteArraySerializer())) {
      producer.send(
          new ProducerRecord<>(
              "otlp_spans", null, "\u0000not protobuf".getBytes(StandardCharsets.UTF_8)));
      for (int f = from; f < to; f++) {
        var span =
            io.opentelemetry.proto.trace.v1.Span.newBuilder()
                .setTraceId(com.google.protobuf.ByteString.copyFrom(new byte[16]))
                .setSpanId(com.google.protobuf.ByteString.copyFrom(new byte[8]))
                .setName("invoke")
                .setKind(io.opentelemetry.proto.trace.v1.Span.SpanKind.SPAN_KIND_SERVER)
                .setStartTimeUnixNano(now - 300_000_000L)
                .setEndTimeUnixNano(now - 250_000_000L);
        var request =
            io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest.newBuilder()
                .addResourceSpans(
                    io.opentelemetry.proto.trace.v1.ResourceSpans.newBuilder()
                        .setResource(
                            io.opentelemetry.proto.resource.v1.Resource.newBuilder()
                                .addAttributes(
                                    io.opentelemetry.proto.common.v1.KeyValue.newBuilder()
                                        .setKey("faas.name")
                                        .setValue(
                                            io.opentelemetry.proto.common.v1.AnyValue.newBuilder()
                                                .setStringValue(name(f)))))
                        .addScopeSpans(
                            io.opentelemetry.proto.trace.v1.ScopeSpans.newBuilder().addSpans(span)))
                .build();
        producer.send(new ProducerRecord<>("otlp_spans", null, request.toByteArray()));
        expected.merge(name(f), 1L, Long::sum);
      }
      producer.flush();
    }
  }

  private void start(String id) throws Exception {
    int api = freePort();
    ChildRun run =
        ChildRun.start(
            new ProcessBuilder(
                ChildRun.runCommand(
                    policy,
                    "--http-port",
                    Integer.toString(api),
                    "--event-loops",
                    "1",
                    "--kafka-bootstrap",
                    kafka.bootstrapServers(),
                    "--kafka-partitions",
                    Integer.toString(PARTITIONS),
                    "--kafka-replication-factor",
                    "1",
                    "--kafka-max-record-size",
                    "64KiB",
                    "--replica-id",
                    id,
                    "--advertised-url",
                    "http://127.0.0.1:" + api,
                    "--kafka-session-timeout",
                    SESSION,
                    "--checkpoint-interval",
                    "2s",
                    "--kafka-otlp-topics",
                    "otlp_spans")),
            "replica-" + id);
    replicas.put(id, run);
  }

  private static int freePort() throws IOException {
    try (ServerSocket s = new ServerSocket(0)) {
      return s.getLocalPort();
    }
  }

  /** Waits until {@code n} replicas own every partition between them. */
  private void awaitOwned(int n) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String last = "";
    while (System.nanoTime() < deadline) {
      double owned = sumMetric("prescale_cluster_partitions_owned", "");
      last = "owned " + owned;
      if (owned == PARTITIONS && replicas.size() == n) {
        return;
      }
      Thread.sleep(250);
    }
    fail("partitions not owned within 60 s: " + last + "\n" + logs());
  }

  /**
   * Sends {@code perFunction} SERVER spans of each function in [from, to), 100 functions per
   * request, spread over {@code targets}; a request a replica cannot take (down, 503) goes to the
   * next one, as a load balancer would.
   */
  private void send(List<ChildRun> targets, int from, int to, int perFunction) throws Exception {
    int next = 0;
    for (int start = from; start < to; start += 100) {
      int end = Math.min(to, start + 100);
      String body = spans(start, end, perFunction);
      boolean sent = false;
      for (int attempt = 0; attempt < 200 && !sent; attempt++) {
        ChildRun t = targets.get(next++ % targets.size());
        if (!t.process().isAlive()) {
          continue;
        }
        try {
          HttpResponse<String> r =
              http.send(
                  HttpRequest.newBuilder(
                          URI.create("http://127.0.0.1:" + t.otlpPort() + "/v1/traces"))
                      .timeout(Duration.ofSeconds(20))
                      .header("Content-Type", "application/json")
                      .POST(HttpRequest.BodyPublishers.ofString(body))
                      .build(),
                  HttpResponse.BodyHandlers.ofString());
          if (r.statusCode() == 200) {
            assertTrue(!r.body().contains("rejected"), r.body());
            sent = true;
          } else {
            assertEquals(503, r.statusCode(), r.body());
            Thread.sleep(200);
          }
        } catch (IOException e) {
          Thread.sleep(50); // the replica died: the next one takes it
        }
      }
      assertTrue(sent, "no replica took a request");
      for (int f = start; f < end; f++) {
        expected.merge(name(f), (long) perFunction, Long::sum);
      }
    }
  }

  private static String name(int f) {
    return String.format("fn-%04d", f);
  }

  private static String spans(int from, int to, int perFunction) {
    long now = System.currentTimeMillis() * 1_000_000L;
    StringBuilder s = new StringBuilder("{\"resourceSpans\":[");
    for (int f = from; f < to; f++) {
      s.append(f > from ? "," : "")
          .append(
              "{\"resource\":{\"attributes\":[{\"key\":\"faas.name\",\"value\":{\"stringValue\":\"")
          .append(name(f))
          .append("\"}}]},\"scopeSpans\":[{\"scope\":{\"name\":\"cluster-test\"},\"spans\":[");
      for (int j = 0; j < perFunction; j++) {
        long start = now - 300_000_000L - j * 10_000_000L;
        s.append(j > 0 ? "," : "")
            .append("{\"traceId\":\"")
            .append(String.format("%032x", f * 100 + j + 1))
            .append("\",\"spanId\":\"")
            .append(String.format("%016x", f * 100 + j + 1))
            .append("\",\"name\":\"invoke\",\"kind\":2,\"startTimeUnixNano\":\"")
            .append(start)
            .append("\",\"endTimeUnixNano\":\"")
            .append(start + 50_000_000L)
            .append("\",\"status\":{}}");
      }
      s.append("]}]}");
    }
    return s.append("]}").toString();
  }

  /**
   * Waits (60 s at most) until the replicas' function lists, merged, hold exactly the expected
   * functions and counts, each function listed by one replica; returns function to owner.
   */
  private Map<String, String> awaitExact(String when) throws Exception {
    long deadline = System.nanoTime() + TimeUnit.SECONDS.toNanos(60);
    String problem = "";
    while (System.nanoTime() < deadline) {
      Map<String, String> owner = new HashMap<>();
      Map<String, Long> counts = new TreeMap<>();
      problem = null;
      for (Map.Entry<String, ChildRun> r : replicas.entrySet()) {
        HttpResponse<String> resp;
        try {
          resp = get(r.getValue(), "/api/v1/functions?window=1h&limit=10000");
        } catch (IOException e) {
          problem = r.getKey() + ": " + e;
          break;
        }
        JsonArray fs = new JsonObject(resp.body()).getJsonArray("functions");
        for (Object o : fs) {
          JsonObject f = (JsonObject) o;
          String name = f.getString("function");
          if (name.equals("fn-bad")) {
            continue;
          }
          String prev = owner.put(name, r.getKey());
          if (prev != null) {
            problem = name + " listed by " + prev + " and " + r.getKey();
          }
          counts.put(name, f.getLong("invocationsTotal"));
        }
      }
      if (problem == null) {
        if (counts.equals(expected)) {
          return owner;
        }
        problem = diff(counts);
      }
      Thread.sleep(500);
    }
    fail(when + ": counts not exact within 60 s: " + problem + "\n" + logs());
    return null;
  }

  private String diff(Map<String, Long> counts) {
    List<String> d = new ArrayList<>();
    for (Map.Entry<String, Long> e : expected.entrySet()) {
      Long c = counts.get(e.getKey());
      if (!e.getValue().equals(c)) {
        d.add(e.getKey() + " " + c + " != " + e.getValue());
      }
    }
    return counts.size()
        + " functions listed, "
        + d.size()
        + " differ: "
        + d.subList(0, Math.min(5, d.size()));
  }

  private static String firstOwnedBy(Map<String, String> owners, String replica) {
    return owners.entrySet().stream()
        .filter(e -> e.getValue().equals(replica))
        .map(Map.Entry::getKey)
        .sorted()
        .findFirst()
        .orElseThrow(() -> new AssertionError(replica + " owns no function"));
  }

  private HttpResponse<String> get(ChildRun r, String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + r.apiPort() + path))
            .timeout(Duration.ofSeconds(10))
            .build(),
        HttpResponse.BodyHandlers.ofString());
  }

  /** The sum over the live replicas of a series (matching {@code labels}, "" for none). */
  private double sumMetric(String name, String labels) throws Exception {
    double sum = 0;
    for (ChildRun r : replicas.values()) {
      String body;
      try {
        body = get(r, "/metrics").body();
      } catch (IOException e) {
        continue;
      }
      Matcher m = METRIC.matcher(body);
      while (m.find()) {
        String l = m.group(2) == null ? "" : m.group(2);
        if (m.group(1).equals(name) && (labels.isEmpty() || l.contains(labels))) {
          sum += Double.parseDouble(m.group(3));
        }
      }
    }
    return sum;
  }

  private String logs() {
    StringBuilder s = new StringBuilder();
    for (Map.Entry<String, ChildRun> r : replicas.entrySet()) {
      String out = r.getValue().drain();
      s.append("--- ").append(r.getKey()).append('\n');
      s.append(out.length() > 4000 ? out.substring(out.length() - 4000) : out).append('\n');
    }
    return s.toString();
  }
}
