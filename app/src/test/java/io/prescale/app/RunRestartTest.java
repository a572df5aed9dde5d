package io.prescale.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.collector.snapshot.WindowsSnapshot;
import io.prescale.core.time.TimeSource;
import io.vertx.core.json.JsonArray;
import io.vertx.core.json.JsonObject;
import java.io.IOException;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.file.Files;
import java.nio.file.Path;
import java.nio.file.attribute.BasicFileAttributes;
import java.util.ArrayList;
import java.util.List;
import java.util.Objects;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * {@code prescale run --data-dir} in a child JVM: state survives {@code kill -9} (up to the last
 * snapshot) and SIGTERM (everything ingested, through the final snapshot).
 */
class RunRestartTest {
  private static final String FN = "restart-fn";
  private static final String METRICS_FN = "restart-metrics-fn";
  private final List<Process> processes = new ArrayList<>();
  private final HttpClient http = HttpClient.newHttpClient();
  @TempDir Path dir;

  @AfterEach
  void stop() throws Exception {
    for (Process p : processes) {
      if (p.isAlive()) {
        p.destroyForcibly();
        p.waitFor(20, TimeUnit.SECONDS);
      }
    }
  }

  @Test
  void windowsSurviveKillNineUpToTheLastSnapshotAndSigtermCompletely() throws Exception {
    Path data = dir.resolve("data");
    Path snapshot = data.resolve(WindowsSnapshot.FILE_NAME);

    ChildRun first = start(data, "1s");
    post(first, 0, 5);
    awaitInvocations(first, 5);
    Object before = fileKey(snapshot);
    // each snapshot is a new file renamed over the old one: two replacements after the data was
    // visible mean one was written entirely after it
    Object seen = awaitNewSnapshot(snapshot, before);
    awaitNewSnapshot(snapshot, seen);
    first.process().destroyForcibly(); // SIGKILL: no final snapshot
    assertTrue(first.process().waitFor(30, TimeUnit.SECONDS));

    ChildRun second = start(data, "1h"); // no periodic snapshot during this run: only the final one
    JsonObject restored = function(second);
    assertNotNull(restored, "the function is back after kill -9; output:\n" + second.drain());
    assertEquals(5, restored.getLong("invocationsTotal"));
    assertEquals(5, restored.getLong("arrivals"), "the buckets came back, not only the totals");
    post(
        second, 5,
        3); // answered 200, maybe still queued: SIGTERM drains the queue before the final snapshot
    second.process().destroy(); // SIGTERM: graceful stop writes the final snapshot
    assertTrue(second.process().waitFor(60, TimeUnit.SECONDS), "stops within a minute of SIGTERM");

    ChildRun third = start(data, "1h");
    JsonObject afterTerm = function(third);
    assertNotNull(afterTerm, "the function is back after SIGTERM");
    assertEquals(
        8, afterTerm.getLong("invocationsTotal"), "everything ingested before SIGTERM is kept");
    assertEquals(8, afterTerm.getLong("arrivals"));
    assertFalse(
        Files.list(data).anyMatch(p -> p.getFileName().toString().contains(".corrupt-")),
        "no snapshot was set aside");
    third.process().destroy();
    assertTrue(third.process().waitFor(60, TimeUnit.SECONDS));
  }

  @Test
  void aCorruptSnapshotIsSetAsideAndTheRunStartsEmpty() throws Exception {
    Path data = Files.createDirectories(dir.resolve("data"));
    Files.writeString(data.resolve(WindowsSnapshot.FILE_NAME), "not a snapshot at all");
    ChildRun run = start(data, "1h");
    assertEquals(0, functions(run).size());
    List<Path> aside;
    try (var files = Files.list(data)) {
      aside =
          files
              .filter(
                  p ->
                      p.getFileName()
                          .toString()
                          .startsWith(WindowsSnapshot.FILE_NAME + ".corrupt-"))
              .toList();
    }
    assertEquals(1, aside.size(), "the bad file is moved aside");
    assertEquals("not a snapshot at all", Files.readString(aside.get(0)));
    assertTrue(run.drain().contains("not a Prescale snapshot"), "one WARN line names the problem");
    run.process().destroy();
    assertTrue(run.process().waitFor(60, TimeUnit.SECONDS));
  }

  @Test
  void cumulativeMetricsCountTheIntervalAcrossARestart() throws Exception {
    Path data = dir.resolve("data");
    ChildRun first = start(data, "1h");
    long streamStart =
        TimeSource.system().epochNanos(); // after the collector started: counts from zero
    postCumulative(first, streamStart, 10);
    postCumulative(first, streamStart, 25);
    awaitInvocations(first, METRICS_FN, 25);
    first.process().destroy(); // SIGTERM: the final snapshot holds the stream's baseline (25)
    assertTrue(first.process().waitFor(60, TimeUnit.SECONDS), "stops within a minute of SIGTERM");

    ChildRun second = start(data, "1h");
    postCumulative(second, streamStart, 40);
    awaitInvocations(second, METRICS_FN, 40); // without the saved baseline 40 only sets one: 25
    postCumulative(
        second, TimeSource.system().epochNanos(), 3); // new start time: a reset counts in full
    awaitInvocations(second, METRICS_FN, 43);
    second.process().destroy();
    assertTrue(second.process().waitFor(60, TimeUnit.SECONDS));
  }

  // ---- helpers ----

  /** One cumulative {@code faas.invocations} point of {@link #METRICS_FN} over OTLP/HTTP JSON. */
  private void postCumulative(ChildRun run, long streamStartNanos, long value) throws Exception {
    long now = TimeSource.system().epochNanos();
    String body =
        "{\"resourceMetrics\":[{\"resource\":{\"attributes\":[{\"key\":\"faas.name\",\"value\":"
            + "{\"stringValue\":\""
            + METRICS_FN
            + "\"}}]},\"scopeMetrics\":[{\"scope\":{\"name\":\"restart\"},"
            + "\"metrics\":[{\"name\":\"faas.invocations\",\"sum\":{\"aggregationTemporality\":2,\"isMonotonic\":true,"
            + "\"dataPoints\":[{\"startTimeUnixNano\":\""
            + streamStartNanos
            + "\",\"timeUnixNano\":\""
            + now
            + "\",\"asInt\":\""
            + value
            + "\"}]}}]}]}]}";
    export(run, "/v1/metrics", body);
  }

  /** POSTs an OTLP/HTTP JSON body; every item must be accepted. */
  private void export(ChildRun run, String path, String body) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(URI.create("http://127.0.0.1:" + run.otlpPort() + path))
                .header("Content-Type", "application/json")
                .POST(HttpRequest.BodyPublishers.ofString(body))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    assertFalse(r.body().contains("rejected"), r.body());
  }

  private ChildRun start(Path data, String interval) throws Exception {
    ChildRun run =
        ChildRun.start(
            new ProcessBuilder(
                ChildRun.command(
                    "run",
                    "--data-dir",
                    data.toString(),
                    "--snapshot-interval",
                    interval,
                    "--bind",
                    "127.0.0.1",
                    "--otlp-http-port",
                    "0",
                    "--otlp-grpc-port",
                    "0",
                    "--http-port",
                    "0",
                    "--event-loops",
                    "1")),
            "restart");
    processes.add(run.process());
    return run;
  }

  /** {@code count} SERVER spans of {@link #FN} ending now. */
  private void post(ChildRun run, int firstId, int count) throws Exception {
    long now = TimeSource.system().epochNanos();
    StringBuilder s =
        new StringBuilder(
            "{\"resourceSpans\":[{\"resource\":{\"attributes\":[{\"key\":\"faas.name\","
                + "\"value\":{\"stringValue\":\""
                + FN
                + "\"}}]},\"scopeSpans\":[{\"scope\":{\"name\":\"restart\"},\"spans\":[");
    for (int j = 0; j < count; j++) {
      long start = now - 200_000_000L - j * 10_000_000L;
      s.append(j > 0 ? "," : "")
          .append("{\"traceId\":\"")
          .append(String.format("%032x", firstId + j + 1))
          .append("\",\"spanId\":\"")
          .append(String.format("%016x", firstId + j + 1))
          .append("\",\"name\":\"invoke\",\"kind\":2,\"startTimeUnixNano\":\"")
          .append(start)
          .append("\",\"endTimeUnixNano\":\"")
          .append(start + 50_000_000L)
          .append("\",\"status\":{}}");
    }
    s.append("]}]}]}");
    export(run, "/v1/traces", s.toString());
  }

  private JsonArray functions(ChildRun run) throws Exception {
    HttpResponse<String> r =
        http.send(
            HttpRequest.newBuilder(
                    URI.create("http://127.0.0.1:" + run.apiPort() + "/api/v1/functions?window=1h"))
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, r.statusCode(), r.body());
    return new JsonObject(r.body()).getJsonArray("functions");
  }

  private JsonObject function(ChildRun run) throws Exception {
    return function(run, FN);
  }

  private JsonObject function(ChildRun run, String name) throws Exception {
    for (Object o : functions(run)) {
      JsonObject f = (JsonObject) o;
      if (name.equals(f.getString("function"))) {
        return f;
      }
    }
    return null;
  }

  /** Ingest is asynchronous (a queue and one thread): polls, at most a minute. */
  private void awaitInvocations(ChildRun run, long expected) throws Exception {
    awaitInvocations(run, FN, expected);
  }

  private void awaitInvocations(ChildRun run, String name, long expected) throws Exception {
    long found = -1;
    for (int i = 0; i < 600 && found != expected; i++) {
      JsonObject f = function(run, name);
      found = f == null ? -1 : f.getLong("invocationsTotal");
      if (found != expected) {
        Thread.sleep(100);
      }
    }
    assertEquals(expected, found, "invocations visible in the API");
  }

  private static Object fileKey(Path file) {
    try {
      return Files.readAttributes(file, BasicFileAttributes.class).fileKey();
    } catch (IOException e) {
      return null;
    }
  }

  /** Polls until the snapshot file is replaced (another file key), at most a minute. */
  private static Object awaitNewSnapshot(Path file, Object before) throws InterruptedException {
    for (int i = 0; i < 600; i++) {
      Object now = fileKey(file);
      if (now != null && !Objects.equals(now, before)) {
        return now;
      }
      Thread.sleep(100);
    }
    throw new AssertionError("no new snapshot in " + file + " within a minute");
  }
}
