package io.prescale.app.sources;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.post;
import static com.github.tomakehurst.wiremock.client.WireMock.postRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.client.ResponseDefinitionBuilder;
import com.github.tomakehurst.wiremock.stubbing.Scenario;
import com.github.tomakehurst.wiremock.stubbing.ServeEvent;
import io.prescale.adapter.engine.ActionRecord;
import io.prescale.adapter.engine.EngineConfig;
import io.prescale.adapter.engine.ScalingEngine;
import io.prescale.adapter.engine.TargetStatus;
import io.prescale.app.ControlPlaneContext;
import io.prescale.app.adapters.AdapterComponent;
import io.prescale.app.autoscale.AutoscalerComponent;
import io.prescale.autoscaler.loop.TickReport;
import io.prescale.collector.extract.CollectorSink;
import io.prescale.collector.ingest.TelemetrySink;
import io.prescale.collector.openwhisk.OpenWhiskSource;
import io.prescale.collector.openwhisk.OpenWhiskSourceConfig;
import io.prescale.collector.window.FunctionStore;
import io.prescale.core.FunctionKey;
import io.prescale.core.time.ManualTimeSource;
import io.prescale.core.warmup.WarmupActivations;
import io.prescale.policy.PolicyLoader;
import io.prescale.policy.PolicyProvider;
import io.prescale.testing.ManualScheduler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.vertx.core.Vertx;
import io.vertx.ext.web.Router;
import java.net.URI;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.ArrayList;
import java.util.HashSet;
import java.util.List;
import java.util.Map;
import java.util.Set;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/**
 * End to end, in one process on a manual clock: activation records served by a WireMock OpenWhisk
 * API (the controller's JSON shapes) are polled by the {@code openwhisk} source into the
 * collector's windows, the predictive decider of the policy decides on them, and the {@code
 * openwhisk} adapter's warm-up rounds reach the same WireMock; the warm-ups come back as
 * activations and are not counted as traffic. Faults: a 429 with Retry-After and a 503 on the list,
 * a 503 and an invocation past the adapter's timeout on the warm-ups.
 */
class OpenWhiskEndToEndTest {
  static final Instant T0 = Instant.parse("2026-03-02T10:00:00Z");
  static final String LIST = "/api/v1/namespaces/guest/activations";
  static final String INVOKE = "/api/v1/namespaces/guest/actions/shop/checkout";
  static final FunctionKey CHECKOUT = FunctionKey.of("guest/shop/checkout");
  static final ObjectMapper JSON = new ObjectMapper();
  static final String POLICY =
      """
      defaults:
        mode: predictive
      policies:
        - name: openwhisk
          match: { function: "guest/*" }
          mode: predictive
          maxInstances: 40
          adapter: { name: openwhisk, target: {} }
      """;

  @TempDir Path dir;
  final ManualTimeSource time = new ManualTimeSource(T0);
  WireMockServer wm;
  Vertx vertx;
  AdapterComponent adapters;
  AutoscalerComponent autoscaler;
  FunctionStore store;
  OpenWhiskSource source;
  final List<ObjectNode> served = new ArrayList<>();
  final Set<String> warmupIdsServed = new HashSet<>();
  int realRecords;
  int echoed;

  @BeforeEach
  void start() throws Exception {
    wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    wm.start();
    Path auth = dir.resolve("auth");
    Files.writeString(
        auth,
        "23bc46b1-71f6-4ed5-8c54-816aa4f8c502:123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP\n");
    vertx = Vertx.vertx();
    PrometheusRegistry registry = new PrometheusRegistry();
    ControlPlaneContext ctx = new ControlPlaneContext(vertx, Router.router(vertx), registry, time);
    ctx.put(PolicyProvider.class, PolicyLoader.standard().parse(POLICY, "policy.yaml"));
    store = FunctionStore.withDefaults();
    ctx.put(FunctionStore.class, store);
    CollectorSink sink = new CollectorSink(store, time);
    ctx.put(TelemetrySink.class, sink);
    adapters =
        new AdapterComponent(
            Map.of(
                "PRESCALE_ADAPTER_OPENWHISK_API_HOST", wm.baseUrl(),
                "PRESCALE_ADAPTER_OPENWHISK_AUTH_FILE", auth.toString(),
                "PRESCALE_ADAPTER_OPENWHISK_TIMEOUT", "1s"),
            EngineConfig.defaults());
    adapters.start(ctx);
    autoscaler = new AutoscalerComponent(Duration.ofSeconds(2), false);
    autoscaler.start(ctx);
    OpenWhiskSourceConfig config =
        OpenWhiskSourceConfig.of(URI.create(wm.baseUrl()), auth, List.of("guest"))
            .withPollInterval(Duration.ofSeconds(2))
            .withTimeout(Duration.ofSeconds(1));
    source =
        new OpenWhiskSource(
            config,
            sink,
            WarmupActivations.shared(),
            OpenWhiskSource.client(config),
            time,
            new ManualScheduler(time),
            registry,
            dir.resolve("openwhisk-source.json"));
    this.engine = ctx.get(ScalingEngine.class);
  }

  ScalingEngine engine;

  @AfterEach
  void stop() throws Exception {
    source.close();
    autoscaler.stop();
    adapters.stop();
    vertx.close().toCompletionStage().toCompletableFuture().get();
    wm.stop();
  }

  /** An activation record as the controller lists it with docs=true. */
  static ObjectNode activation(String id, long startMillis, long durationMillis, boolean cold) {
    ObjectNode a = JSON.createObjectNode();
    a.put("namespace", "guest").put("name", "checkout").put("version", "0.0.3");
    a.put("subject", "guest").put("activationId", id);
    a.put("start", startMillis).put("end", startMillis + durationMillis);
    a.put("duration", durationMillis).put("statusCode", 0);
    ObjectNode response = a.putObject("response");
    response.put("status", "success").put("statusCode", 0).put("success", true).put("size", 17);
    response.putObject("result").put("ok", true);
    a.putArray("logs");
    ArrayNode ann = a.putArray("annotations");
    ann.addObject().put("key", "path").put("value", "guest/shop/checkout");
    ann.addObject().put("key", "waitTime").put("value", cold ? 310 : 7);
    ann.addObject().put("key", "kind").put("value", "nodejs:20");
    ann.addObject().put("key", "timeout").put("value", false);
    ObjectNode limits = ann.addObject().put("key", "limits").putObject("value");
    limits.put("concurrency", 1).put("logs", 10).put("memory", 256).put("timeout", 60000);
    if (cold) {
      ann.addObject().put("key", "initTime").put("value", 280);
    }
    a.put("publish", false);
    return a;
  }

  /** Six activations of 900 ms a second over the 2 s before now; the warm-ups that ended too. */
  void traffic(int step) throws Exception {
    long now = time.instant().toEpochMilli();
    for (int i = 0; i < 12; i++) {
      long start = now - 2000 - 900 + i * (2000 / 12);
      served.add(activation(String.format("%08x%024x", step, i), start, 900, step == 0 && i < 6));
      realRecords++;
    }
    for (ServeEvent e : wm.getAllServeEvents()) {
      if (e.getRequest().getUrl().startsWith(INVOKE) && e.getResponse().getStatus() == 202) {
        String id = JSON.readTree(e.getResponse().getBodyAsString()).get("activationId").asText();
        if (warmupIdsServed.add(id)) {
          ObjectNode w = activation(id, now - 1500, 3, true);
          ObjectNode result = ((ObjectNode) w.get("response")).putObject("result");
          if ("slow".equals(e.getStubMapping().getRequiredScenarioState())) {
            // the adapter gave up on this one before its 202 came, so it cannot know the id:
            // the handler's answer to the marker (README) is what tells it apart
            result.put("__prescale_warmup", true);
            echoed++;
          }
          served.add(w);
        }
      }
    }
  }

  /** The list as the controller pages it: newest first, the last minute. */
  ResponseDefinitionBuilder listing() {
    long since = time.instant().toEpochMilli() - 60_000;
    ArrayNode out = JSON.createArrayNode();
    for (int i = served.size() - 1; i >= 0; i--) {
      if (served.get(i).get("start").asLong() >= since) {
        out.add(served.get(i));
      }
    }
    return okJson(out.toString());
  }

  @Test
  void activationsInWarmUpRoundsOutThroughFaults() throws Exception {
    // list faults: the first poll is throttled for 4 s, a later one answers 503
    wm.stubFor(
        get(urlPathEqualTo(LIST))
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "4")
                    .withBody(
                        "{\"error\":\"Too many requests in the last minute (count: 121, allowed: 120).\",\"code\":\"a1\"}")));
    // warm-up faults: the first invocation answers 503, the next one outlives the 1 s timeout
    wm.stubFor(
        post(urlPathEqualTo(INVOKE))
            .inScenario("invoke")
            .whenScenarioStateIs(Scenario.STARTED)
            .willReturn(
                aResponse()
                    .withStatus(503)
                    .withBody(
                        "{\"error\":\"The server is currently unavailable (because it is overloaded or down for maintenance).\",\"code\":\"b2\"}"))
            .willSetStateTo("slow"));
    wm.stubFor(
        post(urlPathEqualTo(INVOKE))
            .inScenario("invoke")
            .whenScenarioStateIs("slow")
            .willReturn(accepted().withFixedDelay(2500))
            .willSetStateTo("ok"));
    wm.stubFor(
        post(urlPathEqualTo(INVOKE))
            .inScenario("invoke")
            .whenScenarioStateIs("ok")
            .willReturn(accepted()));
    // a concurrent warm-up that meets the scenario between two states matches none of the three
    // (WireMock scenarios are not atomic): it is accepted, not a 404 no real OpenWhisk would give
    wm.stubFor(post(urlPathEqualTo(INVOKE)).atPriority(10).willReturn(accepted()));

    int desired = 0;
    for (int step = 0; step < 25; step++) {
      time.advance(Duration.ofSeconds(2));
      traffic(step);
      if (step >= 2) {
        wm.stubFor(
            get(urlPathEqualTo(LIST))
                .willReturn(step == 10 ? aResponse().withStatus(503) : listing()));
      }
      source.pollDue();
      TickReport report = autoscaler.tick();
      assertEquals(0, report.failed(), report.toString());
      engine.awaitQuiet(Duration.ofSeconds(10));
    }
    // drain: the last records, then let the engine's retries land
    time.advance(Duration.ofSeconds(2));
    wm.stubFor(get(urlPathEqualTo(LIST)).willReturn(listing()));
    source.pollDue();
    TargetStatus target = null;
    for (int i = 0; i < 100; i++) {
      autoscaler.tick();
      engine.awaitQuiet(Duration.ofSeconds(5));
      target = targetOf(engine);
      if (target != null && target.lastApplied() > 0 && target.lastApplied() == target.goal()) {
        break;
      }
      Thread.sleep(100);
    }
    assertTrue(target != null, "the decider bound a target for guest/shop/checkout");
    desired = target.goal();
    assertTrue(desired >= 3, "about 5.4 concurrent activations want warm containers: " + target);
    assertEquals(desired, target.lastApplied(), target.toString());
    assertEquals(
        "openwhisk{action=shop/checkout, namespace=guest}",
        target.target(),
        "derived from the key");

    // the windows hold every real activation once: none twice, no warm-up, none lost to the faults
    assertEquals(realRecords, store.get(CHECKOUT).invocationsTotal());
    assertEquals(6, store.get(CHECKOUT).coldStartsTotal());
    assertTrue(warmupIdsServed.size() > echoed, "most warm-ups are known by their ids");
    // concurrent warm-ups can both meet the "slow" scenario state before it moves on (WireMock
    // scenarios are not atomic across concurrent requests): one or more outlived the timeout, and
    // the exact count above shows none of them was counted as traffic
    assertTrue(echoed >= 1, "warm-ups that outlived the adapter's timeout: " + echoed);

    // the faults were met: the list was throttled and failed, the warm-ups retried
    assertTrue(wm.findAll(getRequestedFor(urlPathEqualTo(LIST))).size() >= 20, "polls went on");
    List<ActionRecord> actions = engine.audit().recent(1000, r -> true);
    assertTrue(
        actions.stream().anyMatch(r -> r.outcome().equals("retry") && r.detail().contains("503")),
        actions.toString());
    assertTrue(
        actions.stream()
            .anyMatch(
                r -> r.outcome().equals("retry") && r.detail().toLowerCase().contains("time")),
        actions.toString());
    assertTrue(actions.stream().anyMatch(r -> r.outcome().equals("scaled")), actions.toString());
    // every warm-up is marked
    wm.findAll(postRequestedFor(urlPathEqualTo(INVOKE)))
        .forEach(
            r -> {
              try {
                JsonNode b = JSON.readTree(r.getBodyAsString());
                assertTrue(b.get("__prescale_warmup").asBoolean(), r.getBodyAsString());
              } catch (Exception e) {
                throw new AssertionError(e);
              }
            });
  }

  static TargetStatus targetOf(ScalingEngine engine) {
    for (TargetStatus t : engine.targets()) {
      if ("guest/shop/checkout".equals(t.function())) {
        return t;
      }
    }
    return null;
  }

  static ResponseDefinitionBuilder accepted() {
    return aResponse()
        .withStatus(202)
        .withHeader("Content-Type", "application/json")
        .withBody(
            "{\"activationId\":\"{{randomValue length=32 type='HEXADECIMAL' uppercase=false}}\"}")
        .withTransformers("response-template");
  }
}
