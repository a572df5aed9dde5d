package io.prescale.collector.openwhisk;

import static com.github.tomakehurst.wiremock.client.WireMock.aResponse;
import static com.github.tomakehurst.wiremock.client.WireMock.equalTo;
import static com.github.tomakehurst.wiremock.client.WireMock.get;
import static com.github.tomakehurst.wiremock.client.WireMock.getRequestedFor;
import static com.github.tomakehurst.wiremock.client.WireMock.okJson;
import static com.github.tomakehurst.wiremock.client.WireMock.urlPathEqualTo;
import static com.github.tomakehurst.wiremock.core.WireMockConfiguration.options;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import com.fasterxml.jackson.databind.JsonNode;
import com.fasterxml.jackson.databind.ObjectMapper;
import com.fasterxml.jackson.databind.node.ArrayNode;
import com.fasterxml.jackson.databind.node.ObjectNode;
import com.github.tomakehurst.wiremock.WireMockServer;
import com.github.tomakehurst.wiremock.verification.LoggedRequest;
import io.prescale.collector.extract.CollectorSink;
import io.prescale.collector.window.FunctionStore;
import io.prescale.collector.window.FunctionWindows;
import io.prescale.core.FunctionKey;
import io.prescale.core.time.ManualTimeSource;
import io.prescale.core.warmup.WarmupActivations;
import io.prescale.testing.ManualScheduler;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.InputStream;
import java.net.URI;
import java.nio.charset.StandardCharsets;
import java.nio.file.Files;
import java.nio.file.Path;
import java.time.Duration;
import java.time.Instant;
import java.util.Base64;
import java.util.List;
import org.junit.jupiter.api.AfterEach;
import org.junit.jupiter.api.BeforeEach;
import org.junit.jupiter.api.Test;
import org.junit.jupiter.api.io.TempDir;

/** The source against WireMock standing in for the OpenWhisk API, with real activation records. */
class OpenWhiskSourceTest {
  static final String LIST = "/api/v1/namespaces/guest/activations";
  static final long T0 = 1_765_000_000_000L;
  static final FunctionKey CHECKOUT = FunctionKey.of("guest/shop/checkout");
  static final FunctionKey RESIZE = FunctionKey.of("guest/resize");
  static final ObjectMapper JSON = new ObjectMapper();

  @TempDir Path dir;
  WireMockServer wm;
  ManualTimeSource time;
  FunctionStore store;
  CollectorSink sink;
  WarmupActivations warmups;
  Path auth;

  @BeforeEach
  void start() throws Exception {
    wm = new WireMockServer(options().bindAddress("127.0.0.1").dynamicPort());
    wm.start();
    time = new ManualTimeSource(Instant.ofEpochMilli(T0 + 70_000));
    store = FunctionStore.withDefaults();
    sink = new CollectorSink(store, time);
    warmups = new WarmupActivations(100);
    auth = dir.resolve("auth");
    Files.writeString(
        auth,
        "23bc46b1-71f6-4ed5-8c54-816aa4f8c502:123zO3xZCLrMN6v2BKK1dXYFpXlPkccOFqm12CdAsMgRU4VrNZ9lyGVCGuMDGIwP\n");
  }

  @AfterEach
  void stop() {
    wm.stop();
  }

  static ArrayNode page() throws Exception {
    try (InputStream in =
        OpenWhiskSourceTest.class.getResourceAsStream("/openwhisk/activations.json")) {
      return (ArrayNode) JSON.readTree(in);
    }
  }

  OpenWhiskSource source(OpenWhiskSourceConfig config, Path cursor) {
    return new OpenWhiskSource(
        config,
        sink,
        warmups,
        OpenWhiskSource.client(config),
        time,
        new ManualScheduler(time),
        new PrometheusRegistry(),
        cursor);
  }

  OpenWhiskSourceConfig config() {
    return OpenWhiskSourceConfig.of(URI.create(wm.baseUrl()), auth, List.of("guest"))
        .withLookback(Duration.ofMinutes(2))
        .withTimeout(Duration.ofSeconds(2));
  }

  void answer(ArrayNode records) {
    wm.stubFor(get(urlPathEqualTo(LIST)).willReturn(okJson(records.toString())));
  }

  long invocations(FunctionKey f) {
    FunctionWindows w = store.get(f);
    return w == null ? 0 : w.invocationsTotal();
  }

  @Test
  void actionsActivationsBecomeInvocationsWithColdStartsAndErrors() throws Exception {
    answer(page());
    OpenWhiskSource s = source(config(), null);
    s.pollDue();
    assertEquals(
        2, invocations(CHECKOUT), "the warm one and the cold one; the warm-up echo is not");
    assertEquals(1, store.get(CHECKOUT).coldStartsTotal());
    assertEquals(0, store.get(CHECKOUT).errorsTotal());
    assertEquals(3, invocations(RESIZE));
    assertEquals(3, store.get(RESIZE).errorsTotal(), "application, developer and internal errors");
    assertEquals(1, store.get(RESIZE).coldStartsTotal(), "initTime 0 is still a cold start");
    assertNull(store.get(FunctionKey.of("guest/pipeline")), "a sequence runs no container");
    assertNull(store.get(FunctionKey.of("guest/nightly")), "a trigger is no action");
    assertEquals(
        45, store.get(CHECKOUT).summary(time.epochNanos(), 120).durationP50Ms(), 1, "end - start");

    LoggedRequest r = wm.findAll(getRequestedFor(urlPathEqualTo(LIST))).get(0);
    assertEquals("true", r.queryParameter("docs").firstValue());
    assertEquals(String.valueOf(T0 + 70_000 - 120_000), r.queryParameter("since").firstValue());
    assertEquals(String.valueOf(T0 + 70_000), r.queryParameter("upto").firstValue());
    assertEquals("200", r.queryParameter("limit").firstValue());
    assertEquals("0", r.queryParameter("skip").firstValue());
    String key = Files.readString(auth).strip();
    assertEquals(
        "Basic " + Base64.getEncoder().encodeToString(key.getBytes(StandardCharsets.UTF_8)),
        r.getHeader("Authorization"));
    JsonNode st = s.status().get("namespaces").get(0);
    assertEquals("2025-12-06T05:46:48Z", st.get("cursor").asText(), st.toString());
    assertEquals(0, st.get("consecutiveFailures").asInt());
  }

  @Test
  void noRecordCountsTwiceAcrossPollsAndRestarts() throws Exception {
    Path cursor = dir.resolve(CursorFile.NAME);
    ArrayNode records = page();
    answer(records);
    OpenWhiskSource first = source(config(), cursor);
    first.pollDue();
    assertEquals(2, invocations(CHECKOUT));
    time.advance(Duration.ofSeconds(10));
    first.pollDue();
    assertEquals(2, invocations(CHECKOUT), "the same page again adds nothing");

    // one new activation, listed first (newest first), with everything before it again
    ObjectNode fresh = ((ObjectNode) records.get(0).deepCopy());
    fresh.put("activationId", "11111111111111111111111111111111");
    fresh.put("start", T0 + 75_000).put("end", T0 + 75_040);
    records.insert(0, fresh);
    answer(records);
    time.advance(Duration.ofSeconds(10));
    first.pollDue();
    assertEquals(3, invocations(CHECKOUT));
    List<LoggedRequest> gets = wm.findAll(getRequestedFor(urlPathEqualTo(LIST)));
    assertEquals(
        String.valueOf(T0 + 8_000 - 120_000),
        gets.get(gets.size() - 1).queryParameter("since").firstValue(),
        "asks from the cursor (the latest start taken) less the lookback");
    first.close();

    // a restart: the state file keeps the cursor and the ids
    OpenWhiskSource second = source(config(), cursor);
    time.advance(Duration.ofSeconds(10));
    second.pollDue();
    assertEquals(3, invocations(CHECKOUT), "nothing counted twice after a restart");
    assertEquals(3, invocations(RESIZE));
    gets = wm.findAll(getRequestedFor(urlPathEqualTo(LIST)));
    assertEquals(
        String.valueOf(T0 + 75_000 - 120_000),
        gets.get(gets.size() - 1).queryParameter("since").firstValue());
  }

  @Test
  void pagesWithSkipUntilAShortPage() throws Exception {
    ArrayNode all = page();
    for (int p = 0; p * 3 < all.size(); p++) {
      ArrayNode part = JSON.createArrayNode();
      for (int i = p * 3; i < Math.min(all.size(), p * 3 + 3); i++) {
        part.add(all.get(i));
      }
      wm.stubFor(
          get(urlPathEqualTo(LIST))
              .withQueryParam("skip", equalTo(String.valueOf(p * 3)))
              .willReturn(okJson(part.toString())));
    }
    OpenWhiskSource s = source(config().withPages(3, 10), null);
    s.pollDue();
    assertEquals(
        3, wm.findAll(getRequestedFor(urlPathEqualTo(LIST))).size(), "8 records, 3 a page");
    assertEquals(2, invocations(CHECKOUT));
    assertEquals(3, invocations(RESIZE));
  }

  @Test
  void warmUpsTheAdapterStartedAreNotTraffic() throws Exception {
    ArrayNode records = page();
    warmups.add(records.get(0).get("activationId").asText());
    answer(records);
    source(config(), null).pollDue();
    assertEquals(
        1, invocations(CHECKOUT), "the warm-up id and the echoed marker are both left out");
  }

  @Test
  void a429WaitsItsRetryAfterAndNothingIsFatal() throws Exception {
    wm.stubFor(
        get(urlPathEqualTo(LIST))
            .willReturn(
                aResponse()
                    .withStatus(429)
                    .withHeader("Retry-After", "45")
                    .withBody(
                        "{\"error\":\"Too many requests in the last minute (count: 61, allowed: 60).\"}")));
    OpenWhiskSource s = source(config(), null);
    s.pollDue();
    JsonNode st = s.status().get("namespaces").get(0);
    assertEquals(1, st.get("consecutiveFailures").asInt());
    assertTrue(st.get("lastError").asText().contains("429"), st.toString());
    assertEquals("45s", st.get("nextPollIn").asText());
    time.advance(Duration.ofSeconds(44));
    s.pollDue();
    assertEquals(1, wm.findAll(getRequestedFor(urlPathEqualTo(LIST))).size(), "not before 45 s");
    answer(page());
    time.advance(Duration.ofSeconds(1));
    s.pollDue();
    assertEquals(2, invocations(CHECKOUT));
    assertEquals(0, s.status().get("namespaces").get(0).get("consecutiveFailures").asInt());
  }

  @Test
  void serverErrorsAndTimeoutsBackOffExponentially() throws Exception {
    wm.stubFor(get(urlPathEqualTo(LIST)).willReturn(aResponse().withStatus(503)));
    OpenWhiskSource s = source(config(), null);
    s.pollDue();
    assertEquals("10s", s.status().get("namespaces").get(0).get("nextPollIn").asText());
    time.advance(Duration.ofSeconds(10));
    s.pollDue();
    assertEquals("20s", s.status().get("namespaces").get(0).get("nextPollIn").asText());
    wm.stubFor(
        get(urlPathEqualTo(LIST)).willReturn(okJson(page().toString()).withFixedDelay(4_000)));
    time.advance(Duration.ofSeconds(20));
    long t0 = System.nanoTime();
    s.pollDue();
    Duration took = Duration.ofNanos(System.nanoTime() - t0);
    assertTrue(took.compareTo(Duration.ofMillis(3_500)) < 0, "gave up after " + took);
    JsonNode st = s.status().get("namespaces").get(0);
    assertEquals(3, st.get("consecutiveFailures").asInt());
    assertTrue(st.get("lastError").asText().contains("no answer within 2s"), st.toString());
    assertEquals("40s", st.get("nextPollIn").asText());
    assertEquals(0, invocations(CHECKOUT));
  }

  @Test
  void unreadableAnswersAndABadKeyFileAreReportedNotThrown() throws Exception {
    wm.stubFor(get(urlPathEqualTo(LIST)).willReturn(okJson("{\"error\":\"not a list\"}")));
    OpenWhiskSource s = source(config(), null);
    s.pollDue();
    assertTrue(
        s.status().get("namespaces").get(0).get("lastError").asText().contains("not a list"));
    Files.writeString(auth, "no-colon-here");
    time.advance(Duration.ofMinutes(1));
    s.pollDue();
    assertTrue(s.status().get("namespaces").get(0).get("lastError").asText().contains("uuid:key"));
  }

  @Test
  void aCorruptStateFileStartsFromTheLookback() throws Exception {
    Path cursor = dir.resolve(CursorFile.NAME);
    Files.writeString(cursor, "{not json");
    answer(page());
    OpenWhiskSource s = source(config(), cursor);
    assertNotNull(s.status().get("cursorFileError"));
    s.pollDue();
    assertEquals(2, invocations(CHECKOUT));
    assertTrue(Files.readString(cursor).contains("\"version\":1"));
  }
}
