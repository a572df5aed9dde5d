package io.prescale.app;

import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertFalse;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.prescale.adapter.engine.EngineConfig;
import io.prescale.app.adapters.AdapterComponent;
import io.prescale.app.autoscale.AutoscalerComponent;
import io.prescale.app.shadow.ShadowComponent;
import io.prescale.collector.http.ApiServer;
import io.prescale.collector.snapshot.WindowsSnapshot;
import io.prescale.collector.window.FunctionStore;
import io.prescale.collector.window.FunctionWindows;
import io.prescale.core.FunctionKey;
import io.prescale.core.Invocation;
import io.prescale.core.Trigger;
import io.prescale.core.time.EpochNanos;
import io.prescale.core.time.ManualTimeSource;
import io.prescale.policy.PolicyLoader;
import io.prescale.policy.PolicyProvider;
import io.prescale.testing.HeadlessChromium;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.core.json.JsonObject;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.net.http.HttpClient;
import java.net.http.HttpRequest;
import java.net.http.HttpResponse;
import java.nio.ByteBuffer;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import java.util.concurrent.TimeUnit;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * The live shadow report as people read it, in the real headless Chromium at 1400 x 900: {@code GET
 * /api/v1/report?format=html} from a running control plane, and the {@code report.html} that {@code
 * prescale report --data-dir} writes from its data directory afterwards. Both load with no error
 * and no request off the machine, show the headline before the first chart, fit the width (also the
 * on-demand report's five policies), shorten hashed names (whole key on hover), name the function
 * where prescale would be worse, write no ISO-8601 duration, and leave a screenshot in {@code
 * target/report-screenshots/} to look at.
 *
 * <p>The traffic: ten minutes of four functions recorded on a manual clock with the autoscaler
 * ticking every 2 s (as in {@link ShadowRunReplayTest}, without the shared traces): a steady one
 * whose platform churns instances (cold starts prescale avoids), a hashed one (as Azure's names), a
 * long-named one, and a bursty one the platform kept warm (no cold start observed: prescale would
 * be worse there).
 */
class LiveReportChromiumTest {
  private static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  private static final long S = EpochNanos.PER_SECOND;
  private static final int SECONDS = 600;
  private static final String HASHED =
      "7b2c43a2bc30f6bb438074df88b603d2cb982d3e7961de05270735055950a568"
          + "/e3cdb48830f66eb8689cc0223514569a69812b77e6611e3d59814fac0747bd2f";
  private static final String LONG = "payments/settle-card-transactions-for-the-previous-day";
  private static final String STEADY = "shop/checkout";
  private static final String BURSTY = "shop/cart";
  private static final String POLICY =
      """
      defaults:
        mode: shadow
      """;

  private final ManualTimeSource time = new ManualTimeSource(T0);
  private final HttpClient http = HttpClient.newHttpClient();
  private Vertx vertx;
  private ControlPlane plane;
  private ApiServer api;

  @TempDir Path tmp;

  @AfterEach
  void tearDown() throws Exception {
    if (plane != null) {
      plane.stop();
    }
    if (api != null) {
      api.stop().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
    if (vertx != null) {
      vertx.close().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    }
  }

  @Test
  void theLiveReportFromTheApiAndFromTheCommandReadsAt1400Px() throws Exception {
    HeadlessChromium chromium = HeadlessChromium.require();
    Path dataDir = Files.createDirectories(tmp.resolve("data"));
    vertx = Vertx.vertx();
    PrometheusRegistry registry = new PrometheusRegistry();
    Router router = Router.router(vertx);
    ControlPlaneContext ctx = new ControlPlaneContext(vertx, router, registry, time);
    ctx.put(PolicyProvider.class, PolicyLoader.standard().parse(POLICY, "policy.yaml"));
    AutoscalerComponent autoscaler = new AutoscalerComponent(Duration.ofSeconds(2), false);
    plane =
        new ControlPlane(ctx)
            .add(new AdapterComponent(Map.of(), EngineConfig.defaults()))
            .add(new FunctionDataComponent())
            .add(new ShadowComponent(dataDir, Duration.ofMinutes(10), Duration.ofSeconds(30)))
            .add(autoscaler);
    plane.start();
    api = new ApiServer(vertx, router, registry, "127.0.0.1", 0, () -> true);
    api.start().toCompletionStage().toCompletableFuture().get(10, TimeUnit.SECONDS);
    FunctionStore store = ctx.functionStore();

    long t0 = EpochNanos.of(T0);
    for (int s = 1; s <= SECONDS; s++) {
      long now = t0 + s * S;
      time.setEpochNanos(now);
      long second = now - S;
      // steady: 5 a second on two instances; the platform replaces one every 15 s (cold)
      for (int i = 0; i < 5; i++) {
        String instance = "c-" + (i % 2 == 0 ? 0 : s / 15);
        boolean cold = s == 1 && i < 2 || i == 1 && s % 15 == 0;
        record(store, STEADY, second + i * 200_000_000L, 120, cold, instance);
      }
      if (s % 3 == 0) { // every 3 s; the platform restarts its instance every 30 s
        record(store, HASHED, second, 300, s % 30 == 0, "h-" + s / 30);
      }
      if (s % 7 == 0) {
        record(store, LONG, second + 100_000_000L, 800, s == 7, "l-1");
      }
      if (s % 120 == 60) { // a burst of 30 in one second every 2 min, on warm instances
        for (int i = 0; i < 30; i++) {
          record(store, BURSTY, second + i * 30_000_000L, 100, false, "b-" + i % 10);
        }
      }
      if (s % 2 == 0) {
        autoscaler.tick();
      }
    }
    time.setEpochNanos(t0 + (SECONDS + 60) * S);

    Path shots = Files.createDirectories(Path.of("target", "report-screenshots"));
    // the API: JSON first (the replay; 202 while it runs), then the same report as HTML
    String query = "/api/v1/report?since=11m";
    HttpResponse<String> json = get(query + "&format=json");
    for (int i = 0; i < 300 && json.statusCode() == 202; i++) {
      Thread.sleep(50);
      json = get(query + "&format=json");
    }
    assertEquals(200, json.statusCode(), json.body());
    JsonObject report = new JsonObject(json.body());
    assertEquals(4, report.getJsonArray("functions").size(), json.body());
    assertTrue(report.getJsonArray("worse").contains(BURSTY), "fixture: cart is worse\n" + json);
    HttpResponse<String> html = // a browser's Accept header asks for the page too
        http.send(
            HttpRequest.newBuilder(URI.create(base() + query))
                .header("Accept", "text/html,application/xhtml+xml,*/*;q=0.8")
                .build(),
            HttpResponse.BodyHandlers.ofString());
    assertEquals(200, html.statusCode(), html.body());
    assertTrue(html.headers().firstValue("content-type").orElse("").startsWith("text/html"));
    assertTrue(html.body().contains(report.getString("headline")), html.body());
    checkRendered(
        chromium,
        URI.create(base() + query + "&format=html"),
        shots.resolve("live-report-api-1400.png"),
        report.getString("headline"));

    // prescale report --data-dir: the file it writes
    plane.stop(); // the final shadow.json
    plane = null;
    WindowsSnapshot.write(
        store, dataDir.resolve(WindowsSnapshot.FILE_NAME), t0 + (SECONDS + 60) * S);
    Path out = tmp.resolve("report");
    CliRun run = // on-demand: five policies, the widest table
        CliRun.of(
            "report",
            "--data-dir",
            dataDir.toString(),
            "--since",
            "11m",
            "--platform",
            "on-demand",
            "--out",
            out.toString());
    assertEquals(0, run.code(), run.err());
    JsonObject file = new JsonObject(Files.readString(out.resolve("report.json")));
    assertEquals("on-demand", file.getJsonObject("parameters").getString("platform"));
    assertEquals(
        5, file.getJsonObject("fleet").getJsonObject("policies").size(), file.encodePrettily());
    Files.copy( // beside the screenshots, to open whole
        out.resolve("report.html"),
        shots.resolve("live-report.html"),
        java.nio.file.StandardCopyOption.REPLACE_EXISTING);
    checkRendered(
        chromium,
        out.resolve("report.html").toUri(),
        shots.resolve("live-report-file-1400.png"),
        file.getString("headline"));
  }

  private static void checkRendered(HeadlessChromium chromium, URI url, Path png, String headline)
      throws Exception {
    Files.deleteIfExists(png);
    HeadlessChromium.Page page = chromium.render(url, 1400, 900, png);
    assertEquals(List.of(), page.errors(), url.toString());
    assertEquals(List.of(), page.externalRequests(), url.toString());
    String dom = page.dom();
    int h = dom.indexOf("id=\"headline\"");
    assertTrue(h > 0, "no headline in " + url);
    int sentence = dom.indexOf(headline, h);
    int chart = dom.indexOf("<svg class=\"chart\"");
    assertTrue(sentence > h && chart > sentence, "the headline, then the first chart: " + url);
    assertTrue(dom.indexOf("On the same arrivals: prescale has ", h) > 0, "against the baselines");
    assertTrue(dom.contains("7b2c43a2…/e3cdb488…"), "a hashed name shortened");
    assertTrue(dom.contains("title=\"" + HASHED + "\""), "the whole hashed key on hover");
    assertTrue(dom.contains("title=\"" + LONG + "\""), "the whole long key on hover");
    assertFalse(dom.contains(">" + LONG + "<"), "a long name shortened");
    int worse = dom.indexOf("Where prescale would be worse");
    assertTrue(worse > chart, "the worse functions have their own section");
    assertTrue(
        dom.indexOf(">" + BURSTY + "<", worse) > worse
            && dom.indexOf(">" + BURSTY + "<", worse) < dom.indexOf("<h2>Functions</h2>"),
        "shop/cart named in it");
    assertTrue(dom.contains("platform (observed)"), "the platform's point in the chart");
    assertFalse(dom.matches("(?s).*\\bPT[0-9].*"), "an ISO-8601 duration on the page");
    assertTrue(page.contentWidth() <= 1400, "scrolls sideways: " + page.contentWidth() + " px");
    byte[] bytes = Files.readAllBytes(png);
    assertEquals(1400, ByteBuffer.wrap(bytes, 16, 4).getInt());
    assertEquals(900, ByteBuffer.wrap(bytes, 20, 4).getInt());
    assertTrue(bytes.length > 20_000, "a blank screenshot is tiny: " + bytes.length + " bytes");
  }

  private static void record(
      FunctionStore store, String key, long start, int millis, boolean cold, String instance) {
    FunctionKey f = FunctionKey.of(key);
    FunctionWindows w = store.getOrCreate(f, Map.of(), start);
    w.recordInvocation(
        new Invocation(
            f, start, start + millis * 1_000_000L, cold, Trigger.HTTP, false, instance, 0));
  }

  private String base() {
    return "http://127.0.0.1:" + api.actualPort();
  }

  private HttpResponse<String> get(String path) throws Exception {
    return http.send(
        HttpRequest.newBuilder(URI.create(base() + path)).build(),
        HttpResponse.BodyHandlers.ofString());
  }
}
