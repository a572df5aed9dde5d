package io.prescale.collector.extract;

import static io.prescale.collector.extract.Otlp.errorSpan;
import static io.prescale.collector.extract.Otlp.resource;
import static io.prescale.collector.extract.Otlp.span;
import static io.prescale.collector.extract.Otlp.traces;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNotNull;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.prescale.collector.ingest.IngestResult;
import io.prescale.collector.window.FunctionStore;
import io.prescale.collector.window.FunctionWindows;
import io.prescale.collector.window.StoreConfig;
import io.prescale.collector.window.WindowConfig;
import io.prescale.core.FunctionKey;
import io.prescale.core.time.ManualTimeSource;
import java.time.Duration;
import java.time.Instant;
import java.util.List;
import java.util.Map;
import org.junit.jupiter.api.Test;

class SpanExtractionTest {
  static final long S = 1_000_000_000L;
  static final long NOW = 1_800_000_000L * S;

  private final ManualTimeSource time = new ManualTimeSource(Instant.ofEpochSecond(1_800_000_000L));
  private final FunctionStore store = FunctionStore.withDefaults();
  private final CollectorSink sink = new CollectorSink(store, time);

  private FunctionWindows fn(String key) {
    return store.get(FunctionKey.of(key));
  }

  @Test
  void identityFromFaasNameThenServiceNameWithNamespaceOrRegionPrefix() {
    sink.acceptTraces(
        traces(
            resource("faas.name", "resize", "service.name", "svc", "k8s.namespace.name", "shop"),
            span(SpanKind.SPAN_KIND_SERVER, NOW - S, NOW)),
        NOW);
    sink.acceptTraces(
        traces(
            resource("service.name", "checkout", "cloud.region", "eu-west-1"),
            span(SpanKind.SPAN_KIND_SERVER, NOW - S, NOW)),
        NOW);
    sink.acceptTraces(
        traces(resource("service.name", "plain"), span(SpanKind.SPAN_KIND_SERVER, NOW - S, NOW)),
        NOW);
    // faas.name on the span wins over the resource's service.name
    sink.acceptTraces(
        traces(
            resource("service.name", "host"),
            span(SpanKind.SPAN_KIND_SERVER, NOW - S, NOW, "faas.name", "on-span")),
        NOW);
    assertEquals(
        List.of("eu-west-1/checkout", "on-span", "plain", "shop/resize"),
        store.functions().stream().map(FunctionKey::value).toList());
    assertEquals(
        Map.of("k8s.namespace.name", "shop", "service.name", "svc"),
        store.labels(FunctionKey.of("shop/resize")));
  }

  @Test
  void customIdentityAttributes() {
    CollectorSink custom =
        new CollectorSink(
            store,
            new IdentityConfig(List.of("app"), List.of("team")),
            ExtractConfig.defaults(),
            time);
    custom.acceptTraces(
        traces(
            resource("app", "a1", "team", "t", "faas.name", "ignored"),
            span(SpanKind.SPAN_KIND_SERVER, NOW - S, NOW)),
        NOW);
    assertNotNull(fn("t/a1"));
    assertNull(fn("ignored"));
  }

  @Test
  void onlyServerAndPubsubOrDatasourceConsumerSpansAreInvocations() {
    IngestResult r =
        sink.acceptTraces(
            traces(
                resource("faas.name", "f"),
                span(SpanKind.SPAN_KIND_SERVER, NOW - 2 * S, NOW - S),
                span(SpanKind.SPAN_KIND_INTERNAL, NOW - 2 * S, NOW - S),
                span(SpanKind.SPAN_KIND_CLIENT, NOW - 2 * S, NOW - S),
                span(SpanKind.SPAN_KIND_PRODUCER, NOW - 2 * S, NOW - S),
                span(SpanKind.SPAN_KIND_CONSUMER, NOW - 2 * S, NOW - S, "faas.trigger", "pubsub"),
                span(
                    SpanKind.SPAN_KIND_CONSUMER,
                    NOW - 2 * S,
                    NOW - S,
                    "faas.trigger",
                    "datasource"),
                span(SpanKind.SPAN_KIND_CONSUMER, NOW - 2 * S, NOW - S, "faas.trigger", "timer")),
            NOW);
    assertEquals(IngestResult.ok(7), r);
    assertEquals(3, fn("f").invocationsTotal());
  }

  @Test
  void coldStartErrorInstanceFromSpanOrResource() {
    sink.acceptTraces(
        traces(
            resource("faas.name", "f", "faas.instance", "i-res"),
            span(SpanKind.SPAN_KIND_SERVER, NOW - 3 * S, NOW - 2 * S, "faas.coldstart", true),
            span(
                SpanKind.SPAN_KIND_SERVER,
                NOW - 3 * S,
                NOW - 2 * S,
                "http.response.status_code",
                503),
            span(
                SpanKind.SPAN_KIND_SERVER,
                NOW - 3 * S,
                NOW - 2 * S,
                "http.response.status_code",
                404),
            errorSpan(NOW - 3 * S, NOW - 2 * S, "faas.instance", "i-span")),
        NOW);
    FunctionWindows w = fn("f");
    assertEquals(4, w.invocationsTotal());
    assertEquals(1, w.coldStartsTotal());
    assertEquals(2, w.errorsTotal());
    assertEquals(2, w.liveInstances(NOW));
  }

  @Test
  void unusableSpansAreRejectedByReasonWithAMessage() {
    IngestResult r =
        sink.acceptTraces(
            traces(
                resource("service.name", "unknown_service:java"),
                span(SpanKind.SPAN_KIND_SERVER, NOW - S, NOW)),
            NOW);
    assertEquals(1, r.rejected());
    assertTrue(r.message().contains("without a function identity"), r.message());

    r =
        sink.acceptTraces(
            traces(
                resource("faas.name", "f"),
                span(SpanKind.SPAN_KIND_SERVER, NOW, NOW + 6 * 60 * S),
                span(SpanKind.SPAN_KIND_SERVER, NOW - 600 * S, NOW - 599 * S),
                span(SpanKind.SPAN_KIND_SERVER, NOW, NOW - S),
                span(SpanKind.SPAN_KIND_SERVER, 0, NOW),
                span(SpanKind.SPAN_KIND_SERVER, NOW - S, NOW)),
            NOW);
    assertEquals(4, r.rejected());
    assertEquals(1, r.accepted());
    assertEquals(
        "rejected 4 of 5 spans: 1 with timestamps too far in the future (more than PT5M ahead"
            + " of the collector clock); 1 older than the allowed lateness (lateness PT5M); 2 with an end"
            + " before the start or no start time",
        r.message());
    Map<String, Long> byReason = sink.rejectedByReason();
    assertEquals(1, byReason.get("no_identity"));
    assertEquals(1, byReason.get("future_timestamp"));
    assertEquals(1, byReason.get("too_late"));
    assertEquals(2, byReason.get("bad_interval"));
    assertEquals(1, fn("f").invocationsTotal());
  }

  @Test
  void idleFunctionsAreEvictedByTheSinkAsTimePasses() {
    FunctionStore small =
        new FunctionStore(
            StoreConfig.defaults().withIdleTimeout(Duration.ofMinutes(30)),
            WindowConfig.defaults());
    CollectorSink s = new CollectorSink(small, time);
    s.acceptTraces(
        traces(resource("faas.name", "old"), span(SpanKind.SPAN_KIND_SERVER, NOW - S, NOW)), NOW);
    long later = NOW + 31 * 60 * S;
    s.acceptTraces(
        traces(resource("faas.name", "new"), span(SpanKind.SPAN_KIND_SERVER, later - S, later)),
        later);
    assertEquals(List.of(FunctionKey.of("new")), small.functions());
    assertEquals(1, small.evictedFunctions());
  }

  @Test
  void newFunctionsPastTheLimitAreRejectedAndCounted() {
    FunctionStore small =
        new FunctionStore(StoreConfig.defaults().withMaxFunctions(2), WindowConfig.defaults());
    CollectorSink s = new CollectorSink(small, time);
    long rejected = 0;
    for (int i = 0; i < 5; i++) {
      rejected +=
          s.acceptTraces(
                  traces(
                      resource("faas.name", "f" + i),
                      span(SpanKind.SPAN_KIND_SERVER, NOW - S, NOW)),
                  NOW)
              .rejected();
    }
    assertEquals(3, rejected);
    assertEquals(2, small.size());
    assertEquals(3, small.rejectedFunctions());
    assertEquals(3, s.rejectedByReason().get("function_limit"));
  }
}
