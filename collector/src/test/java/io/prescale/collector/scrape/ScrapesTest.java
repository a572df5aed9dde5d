package io.prescale.collector.scrape;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.sun.net.httpserver.HttpServer;
import io.prescale.collector.extract.CollectorSink;
import io.prescale.collector.window.FunctionStore;
import io.prescale.collector.window.FunctionWindows;
import io.prescale.core.FunctionKey;
import io.prescale.core.time.EpochNanos;
import io.prescale.core.time.ManualTimeSource;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.net.InetAddress;
import java.net.InetSocketAddress;
import java.net.ServerSocket;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.ConcurrentHashMap;
import java.util.concurrent.ExecutorService;
import java.util.concurrent.Executors;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * Real-shaped exposition served from a loopback HTTP server, scraped by {@link Scrapes} into a real
 * {@link CollectorSink}: exact invocation, error, instance and cold start counts; counter resets;
 * failing targets reported, never fatal; pods that come and go.
 */
class ScrapesTest {
  static final long S = 1_000_000_000L;
  private final ManualTimeSource time = new ManualTimeSource(Instant.ofEpochSecond(1_800_000_000L));
  private final FunctionStore store = FunctionStore.withDefaults();
  private final CollectorSink sink = new CollectorSink(store, time);
  private final Map<String, String> bodies = new ConcurrentHashMap<>();
  private final Map<String, Integer> statuses = new ConcurrentHashMap<>();
  private final Map<String, String> authorizations = new ConcurrentHashMap<>();
  private HttpServer server;
  private ExecutorService pool;
  private Scrapes scrapes;
  private final PrometheusRegistry registry = new PrometheusRegistry();
  @TempDir Path dir;

  @BeforeEach
  void start() throws Exception {
    server = HttpServer.create(new InetSocketAddress(InetAddress.getLoopbackAddress(), 0), 0);
    server.createContext(
        "/",
        ex -> {
          String path = ex.getRequestURI().getPath();
          String auth = ex.getRequestHeaders().getFirst("Authorization");
          if (auth != null) {
            authorizations.put(path, auth);
          }
          if (path.equals("/trickle")) {
            ex.sendResponseHeaders(200, 0); // chunked: headers at once, then a body too slow
            ex.getResponseBody().write("# TYPE gateway_service_count gauge\n".getBytes());
            ex.getResponseBody().flush();
            try {
              Thread.sleep(3_000);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
            ex.close();
            return;
          }
          if (path.equals("/slow")) {
            try {
              Thread.sleep(3_000);
            } catch (InterruptedException e) {
              Thread.currentThread().interrupt();
            }
          }
          byte[] b = bodies.getOrDefault(path, "").getBytes(StandardCharsets.UTF_8);
          ex.getResponseHeaders().add("Content-Type", "text/plain; version=0.0.4");
          ex.sendResponseHeaders(statuses.getOrDefault(path, 200), b.length == 0 ? -1 : b.length);
          if (b.length > 0) {
            ex.getResponseBody().write(b);
          }
          ex.close();
        });
    pool = Executors.newFixedThreadPool(4);
    server.setExecutor(pool);
    server.start();
    scrapes =
        new Scrapes(
            sink,
            time,
            new Scrapes.Settings(64 * 1024, 100, Exposition.Limits.DEFAULT, false),
            registry);
  }

  @AfterEach
  void stop() {
    scrapes.close();
    server.stop(0);
    pool.shutdownNow();
  }

  private ScrapeTarget target(String path, long startNanos) {
    return new ScrapeTarget(
        "test",
        URI.create("http://127.0.0.1:" + server.getAddress().getPort() + path),
        Duration.ofSeconds(15),
        Duration.ofSeconds(1),
        ScrapeTarget.Auth.NONE,
        startNanos);
  }

  private TargetHealth scrape(ScrapeTarget t) throws Exception {
    time.advance(Duration.ofSeconds(15));
    TargetHealth h = scrapes.scrapeNow(t.id()).get(10, TimeUnit.SECONDS);
    assertNotNull(h);
    return h;
  }

  private FunctionWindows fn(String key) {
    return store.get(FunctionKey.of(key));
  }

  static String gateway(long ok, long failed, long replicas) {
    String fn = "figlet.openfaas-fn";
    return """
        # HELP gateway_function_invocation_total Function metrics
        # TYPE gateway_function_invocation_total counter
        gateway_function_invocation_total{code="200",function_name="%1$s"} %2$d
        gateway_function_invocation_total{code="500",function_name="%1$s"} %3$d
        # HELP gateway_functions_seconds Function time taken
        # TYPE gateway_functions_seconds histogram
        gateway_functions_seconds_bucket{code="200",function_name="%1$s",le="0.005"} 0
        gateway_functions_seconds_bucket{code="200",function_name="%1$s",le="0.5"} %2$d
        gateway_functions_seconds_bucket{code="200",function_name="%1$s",le="+Inf"} %2$d
        gateway_functions_seconds_sum{code="200",function_name="%1$s"} %4$s
        gateway_functions_seconds_count{code="200",function_name="%1$s"} %2$d
        # HELP gateway_function_invocation_started The total number of function HTTP requests started.
        # TYPE gateway_function_invocation_started counter
        gateway_function_invocation_started{function_name="%1$s"} %5$d
        # HELP gateway_service_count Service replicas
        # TYPE gateway_service_count gauge
        gateway_service_count{function_name="%1$s"} %6$d
        # HELP go_goroutines Number of goroutines that currently exist.
        # TYPE go_goroutines gauge
        go_goroutines 31
        """
        .formatted(fn, ok, failed, Double.toString(0.25 * ok), ok + failed, replicas);
  }

  @Test
  void openFaasGatewayCountsExactlyFromTheSecondScrapeOn() throws Exception {
    ScrapeTarget t = target("/gw", 0);
    scrapes.update(List.of(t));
    bodies.put("/gw", gateway(1000, 40, 2));
    TargetHealth h = scrape(t);
    assertEquals("up", h.health(), h.lastError());
    FunctionWindows w = fn("openfaas-fn/figlet");
    assertNotNull(w, "keyed like the openfaas adapter's target: namespace/function");
    assertEquals(0, w.invocationsTotal(), "a target's first scrape sets the baseline only");
    assertEquals(2, w.liveInstances(time.epochNanos()), "gateway_service_count replicas");

    bodies.put("/gw", gateway(1012, 43, 3));
    scrape(t);
    assertEquals(15, w.invocationsTotal(), "12 ok + 3 failed since the previous scrape");
    assertEquals(3, w.errorsTotal(), "code 500 is an error");
    assertEquals(3, w.liveInstances(time.epochNanos()));
    assertEquals(12, w.durationHistogram().count(), "durations of the 12 ok invocations");
    long second = EpochNanos.second(time.epochNanos());
    assertEquals(
        0.2,
        w.concurrency(second - 7),
        1e-9,
        "Little's law: 12 x 0.25 s of in-flight time over the 15 s since the previous scrape");
    assertEquals(0.2, w.concurrency(second - 14), 1e-9);
    assertEquals(0, w.concurrency(second - 16), 1e-9, "before the interval");

    // the gateway restarts: counters start again from zero (a reset counts in full)
    bodies.put("/gw", gateway(5, 1, 3));
    scrape(t);
    assertEquals(21, w.invocationsTotal());
    assertEquals(4, w.errorsTotal());
    assertEquals(Map.of("openfaas-fn/figlet", 1), keys(), "only platform series become functions");
  }

  @Test
  void aSeriesThatAppearsLaterCountsInFull() throws Exception {
    ScrapeTarget t = target("/gw", 0);
    scrapes.update(List.of(t));
    bodies.put(
        "/gw",
        "# TYPE gateway_function_invocation_total counter\n"
            + "gateway_function_invocation_total{code=\"200\",function_name=\"a.fn\"} 7\n");
    scrape(t);
    bodies.put(
        "/gw",
        "# TYPE gateway_function_invocation_total counter\n"
            + "gateway_function_invocation_total{code=\"200\",function_name=\"a.fn\"} 9\n"
            + "gateway_function_invocation_total{code=\"200\",function_name=\"b.fn\"} 4\n");
    scrape(t);
    assertEquals(2, fn("fn/a").invocationsTotal());
    assertEquals(4, fn("fn/b").invocationsTotal(), "b's counter began after the last scrape");
  }

  @Test
  void knativePodsComeAndGoWithColdStarts() throws Exception {
    long started = time.epochNanos();
    ScrapeTarget old = target("/pod-a", started - 3600 * S); // running before Prescale
    scrapes.update(List.of(old));
    bodies.put("/pod-a", KnativeText.body("hello-00001-deployment-aaaaa", 100, 0, 1));
    scrape(old);
    FunctionWindows w = fn("shop/hello");
    assertNotNull(w, "keyed like the knative adapter's target: namespace/service");
    assertEquals(0, w.invocationsTotal());
    assertEquals(0, w.coldStartsTotal(), "a pod older than Prescale is not a cold start");
    assertEquals(1, w.liveInstances(time.epochNanos()));

    // a second pod starts: discovered with its start time, so its first scrape counts from zero
    ScrapeTarget fresh = target("/pod-b", time.epochNanos() + S);
    scrapes.update(List.of(old, fresh));
    bodies.put("/pod-a", KnativeText.body("hello-00001-deployment-aaaaa", 110, 2, 0));
    bodies.put("/pod-b", KnativeText.body("hello-00001-deployment-bbbbb", 5, 1, 0));
    scrape(old);
    scrape(fresh);
    assertEquals(
        18, w.invocationsTotal(), "pod a: 10 + 2, pod b: 5 + 1 (app_request_count not added)");
    assertEquals(3, w.errorsTotal(), "response_code_class 5xx");
    assertEquals(1, w.coldStartsTotal(), "pod b began while Prescale listened");
    assertEquals(2, w.liveInstances(time.epochNanos()));
    assertEquals(18, w.durationHistogram().count());
    assertEquals(0.03, w.durationHistogram().sum() / 18, 1e-9, "30 ms each, in seconds");

    // pod a goes away: its target is dropped, its instance ages out of the window
    scrapes.update(List.of(fresh));
    assertEquals(1, scrapes.health().size());
    bodies.put("/pod-b", KnativeText.body("hello-00001-deployment-bbbbb", 8, 1, 0));
    time.advance(Duration.ofMinutes(5));
    scrape(fresh);
    assertEquals(21, w.invocationsTotal());
    assertEquals(1, w.liveInstances(time.epochNanos()));
  }

  @Test
  void failingTargetsAreReportedNeverFatal() throws Exception {
    int closedPort;
    try (ServerSocket s = new ServerSocket(0, 1, InetAddress.getLoopbackAddress())) {
      closedPort = s.getLocalPort();
    }
    ScrapeTarget refused =
        new ScrapeTarget(
            "test",
            URI.create("http://127.0.0.1:" + closedPort + "/metrics"),
            Duration.ofSeconds(15),
            Duration.ofSeconds(1),
            ScrapeTarget.Auth.NONE,
            0);
    ScrapeTarget status = target("/status", 0);
    ScrapeTarget slow = target("/slow", 0);
    ScrapeTarget bad = target("/bad", 0);
    ScrapeTarget big = target("/big", 0);
    ScrapeTarget good = target("/gw", 0);
    statuses.put("/status", 503);
    bodies.put("/status", "unavailable");
    bodies.put("/bad", "gateway_service_count{function_name=\"x\" 1\n");
    bodies.put("/big", "# " + "x".repeat(70_000) + "\n");
    bodies.put("/gw", gateway(1, 0, 1));
    scrapes.update(List.of(refused, status, slow, bad, big, good));

    assertDown(scrape(refused), "refused: connection refused");
    assertDown(scrape(status), "http_status: HTTP 503, expected 200");
    long before = System.nanoTime();
    assertDown(scrape(slow), "timeout: no complete answer within 1s");
    assertTrue(System.nanoTime() - before < 2_900_000_000L, "the timeout bounds the scrape");
    ScrapeTarget trickle = target("/trickle", 0);
    scrapes.update(List.of(refused, status, slow, bad, big, good, trickle));
    before = System.nanoTime();
    assertDown(scrape(trickle), "timeout: no complete answer within 1s");
    assertTrue(System.nanoTime() - before < 2_900_000_000L, "the timeout bounds the body too");
    scrapes.update(List.of(refused, status, slow, bad, big, good));
    assertDown(scrape(bad), "malformed: malformed exposition: line 1:");
    assertDown(scrape(big), "too_large: response body larger than 65536 bytes");
    assertEquals("up", scrape(good).health());
    TargetHealth again = scrape(status);
    assertEquals(2, again.consecutiveFailures());
    statuses.remove("/status");
    bodies.put("/status", gateway(1, 0, 1));
    TargetHealth back = scrape(status);
    assertEquals("up", back.health());
    assertEquals(0, back.consecutiveFailures());
    assertEquals(6, scrapes.health().size());

    String metrics = exposition();
    for (String outcome :
        List.of("refused", "http_status", "timeout", "malformed", "too_large", "ok")) {
      assertTrue(
          metrics.contains(
              "prescale_scrape_requests_total{outcome=\"" + outcome + "\",source=\"test\"}"),
          outcome + " in\n" + metrics);
    }
    assertTrue(
        metrics.contains(
            "prescale_scrape_requests_total{outcome=\"http_status\",source=\"test\"} 2.0"),
        metrics);
    assertTrue(
        metrics.contains("prescale_scrape_targets{health=\"down\",source=\"test\"} 4.0"), metrics);
    assertTrue(
        metrics.contains("prescale_scrape_targets{health=\"up\",source=\"test\"} 2.0"), metrics);
  }

  @Test
  void targetsPastTheLimitAreRefusedAndCounted() {
    Scrapes small =
        new Scrapes(
            sink,
            time,
            new Scrapes.Settings(1024, 2, Exposition.Limits.DEFAULT, false),
            new PrometheusRegistry());
    try (small) {
      small.update(List.of(target("/a", 0), target("/b", 0), target("/c", 0)));
      assertEquals(2, small.health().size());
      assertEquals(1, small.refusedTargets());
      small.update(List.of(target("/a", 0)));
      assertEquals(0, small.refusedTargets());
    }
  }

  private String exposition() throws Exception {
    java.io.ByteArrayOutputStream out = new java.io.ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return out.toString(StandardCharsets.UTF_8);
  }

  @Test
  void credentialsAreReadOnEveryScrape() throws Exception {
    Path token = dir.resolve("token");
    Files.writeString(token, "first\n");
    ScrapeTarget bearer =
        new ScrapeTarget(
            "test",
            target("/b", 0).url(),
            Duration.ofSeconds(15),
            Duration.ofSeconds(1),
            ScrapeTarget.Auth.bearer(token),
            0);
    Path password = dir.resolve("password");
    Files.writeString(password, "s3cret");
    ScrapeTarget basic =
        new ScrapeTarget(
            "test",
            target("/u", 0).url(),
            Duration.ofSeconds(15),
            Duration.ofSeconds(1),
            ScrapeTarget.Auth.basic("admin", password),
            0);
    scrapes.update(List.of(bearer, basic));
    scrape(bearer);
    assertEquals("Bearer first", authorizations.get("/b"));
    Files.writeString(token, "rotated");
    scrape(bearer);
    assertEquals("Bearer rotated", authorizations.get("/b"));
    scrape(basic);
    assertEquals("Basic YWRtaW46czNjcmV0", authorizations.get("/u"));
    Files.delete(token);
    assertDown(scrape(bearer), "credentials: cannot read credentials");
  }

  private static void assertDown(TargetHealth h, String why) {
    assertEquals("down", h.health());
    assertTrue(h.lastError().startsWith(why), h.lastError());
  }

  private Map<String, Integer> keys() {
    Map<String, Integer> m = new java.util.TreeMap<>();
    store.keys().forEach(k -> m.merge(k.toString(), 1, Integer::sum));
    return m;
  }
}
