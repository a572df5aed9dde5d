package io.prescale.collector.extract;

import static io.prescale.collector.extract.Otlp.histogram;
import static io.prescale.collector.extract.Otlp.hpoint;
import static io.prescale.collector.extract.Otlp.metrics;
import static io.prescale.collector.extract.Otlp.point;
import static io.prescale.collector.extract.Otlp.resource;
import static io.prescale.collector.extract.Otlp.span;
import static io.prescale.collector.extract.Otlp.sum;
import static io.prescale.collector.extract.Otlp.traces;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.Span.SpanKind;
import io.prescale.collector.ingest.IngestResult;
import io.prescale.collector.window.FunctionStore;
import io.prescale.collector.window.FunctionWindows;
import io.prescale.core.FunctionKey;
import io.prescale.core.time.ManualTimeSource;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

class MetricExtractionTest {
  static final long S = 1_000_000_000L;
  static final long START = 1_800_000_000L * S; // collector start
  static final Resource RES = resource("faas.name", "f", "faas.instance", "i-1");

  private final ManualTimeSource time = new ManualTimeSource(Instant.ofEpochSecond(1_800_000_000L));
  private final FunctionStore store = FunctionStore.withDefaults();
  private final CollectorSink sink = new CollectorSink(store, time);

  private FunctionWindows f() {
    return store.get(FunctionKey.of("f"));
  }

  @Test
  void deltaCountersAddUp() {
    long t = START + 10 * S;
    IngestResult r =
        sink.acceptMetrics(
            metrics(
                RES,
                sum("faas.invocations", false, true, point(t - 10 * S, t, 7)),
                sum("faas.errors", false, true, point(t - 10 * S, t, 2)),
                sum("faas.coldstarts", false, true, point(t - 10 * S, t, 1)),
                sum("faas.timeouts", false, true, point(t - 10 * S, t, 1)),
                sum("some.other", false, true, point(t - 10 * S, t, 100))),
            t);
    assertEquals(IngestResult.ok(5), r);
    assertEquals(9, f().invocationsTotal());
    assertEquals(2, f().errorsTotal());
    assertEquals(1, f().coldStartsTotal());
    assertEquals(1, f().timeoutsTotal());
    assertEquals(9, f().view(0).arrivals(START / S + 10));
  }

  @Test
  void cumulativeCountersBecomeDeltasWithResetDetection() {
    long streamStart = START + S; // began after the collector: counts from zero
    long t = START + 10 * S;
    sink.acceptMetrics(
        metrics(RES, sum("faas.invocations", true, true, point(streamStart, t, 5))), t);
    sink.acceptMetrics(
        metrics(RES, sum("faas.invocations", true, true, point(streamStart, t + 10 * S, 8))),
        t + 10 * S);
    assertEquals(8, f().invocationsTotal());
    // restart: new start time, counts from zero again
    long restart = t + 15 * S;
    sink.acceptMetrics(
        metrics(RES, sum("faas.invocations", true, true, point(restart, t + 20 * S, 3))),
        t + 20 * S);
    assertEquals(11, f().invocationsTotal());
    // value went down with the same start: also a reset
    sink.acceptMetrics(
        metrics(RES, sum("faas.invocations", true, true, point(restart, t + 30 * S, 1))),
        t + 30 * S);
    assertEquals(12, f().invocationsTotal());
    // a second instance is its own stream
    Resource other = resource("faas.name", "f", "faas.instance", "i-2");
    sink.acceptMetrics(
        metrics(other, sum("faas.invocations", true, true, point(restart, t + 30 * S, 4))),
        t + 30 * S);
    assertEquals(16, f().invocationsTotal());
  }

  @Test
  void cumulativeStreamStartedBeforeTheCollectorOnlySetsTheBaseline() {
    long t = START + 10 * S;
    sink.acceptMetrics(
        metrics(RES, sum("faas.invocations", true, true, point(START - 3600 * S, t, 1000))), t);
    assertEquals(0, f().invocationsTotal());
    sink.acceptMetrics(
        metrics(
            RES, sum("faas.invocations", true, true, point(START - 3600 * S, t + 10 * S, 1004))),
        t + 10 * S);
    assertEquals(4, f().invocationsTotal());
  }

  @Test
  void histogramsGiveDurationsAndHttpCountsWhenNoFaasCounters() {
    long t = START + 10 * S;
    Resource r = resource("service.name", "api", "k8s.namespace.name", "web");
    sink.acceptMetrics(
        metrics(
            r,
            histogram(
                "http.server.request.duration",
                "s",
                false,
                hpoint(
                    t - 10 * S,
                    t,
                    List.of(0.1, 0.2),
                    List.of(0L, 4L, 0L),
                    0.6,
                    "http.response.status_code",
                    200),
                hpoint(
                    t - 10 * S,
                    t,
                    List.of(0.1, 0.2),
                    List.of(1L, 0L, 0L),
                    0.05,
                    "http.response.status_code",
                    502))),
        t);
    FunctionWindows w = store.get(FunctionKey.of("web/api"));
    assertEquals(5, w.invocationsTotal());
    assertEquals(1, w.errorsTotal());
    assertEquals(0.15, w.view(0).durationQuantileSeconds(0.5), 0.15 * 0.02);
    assertEquals(5, w.durationHistogram().count());
  }

  @Test
  void spansWinOverMetricsForTheSameFunction() {
    long t = START + 10 * S;
    sink.acceptTraces(
        traces(
            RES,
            span(SpanKind.SPAN_KIND_SERVER, t - 2 * S, t - S),
            span(SpanKind.SPAN_KIND_SERVER, t - 2 * S, t - S)),
        t);
    sink.acceptMetrics(
        metrics(
            RES,
            sum("faas.invocations", false, true, point(t - 10 * S, t, 2)),
            histogram(
                "faas.invoke_duration",
                "s",
                false,
                hpoint(t - 10 * S, t, List.of(1.0), List.of(2L, 0L), 2))),
        t);
    assertEquals(2, f().invocationsTotal());
    assertEquals(2, f().durationHistogram().count());
    assertEquals(2, sink.supersededDataPoints());
    // once spans stop for longer than spansWin (10 min), metrics count again
    long later = t + 11 * 60 * S;
    sink.acceptMetrics(
        metrics(RES, sum("faas.invocations", false, true, point(later - 10 * S, later, 3))), later);
    assertEquals(5, f().invocationsTotal());
  }

  @Test
  void activeRequestsAreSummedOverStreamsAndBecomeConcurrencySamples() {
    long t = START + 10 * S;
    sink.acceptTraces(
        traces(RES, span(SpanKind.SPAN_KIND_SERVER, t - 2 * S, t)), t); // reconstruction: 1.0
    sink.acceptMetrics(
        metrics(
            RES,
            sum(
                "http.server.active_requests",
                true,
                false,
                point(START, t - S, 2, "http.request.method", "GET"),
                point(START, t - S, 3, "http.request.method", "POST"))),
        t);
    assertEquals(5.0, f().view(0).concurrency(t / S - 1), 1e-9);
    assertEquals(1.0, f().view(0).concurrency(t / S - 2), 1e-9);
  }

  @Test
  void knativePodCountsAreThePlatformsInstancesOfTheService() {
    long t = START + 10 * S;
    Resource autoscaler = resource("service.name", "autoscaler", "k8s.namespace.name", "knative");
    IngestResult r =
        sink.acceptMetrics(
            metrics(
                autoscaler,
                io.opentelemetry.proto.metrics.v1.Metric.newBuilder()
                    .setName("kn.revision.pods.count")
                    .setGauge(
                        io.opentelemetry.proto.metrics.v1.Gauge.newBuilder()
                            .addDataPoints(
                                point(
                                    0,
                                    t,
                                    3,
                                    "k8s.namespace.name",
                                    "shop",
                                    "kn.service.name",
                                    "checkout",
                                    "kn.revision.name",
                                    "checkout-00002"))
                            .addDataPoints(
                                point(
                                    0,
                                    t,
                                    2.5,
                                    "k8s.namespace.name",
                                    "shop",
                                    "kn.service.name",
                                    "x"))
                            .addDataPoints(
                                point(
                                    0, t, -1, "k8s.namespace.name", "shop", "kn.service.name", "y"))
                            .addDataPoints(point(0, t, 1, "k8s.namespace.name", "shop")))
                    .build()),
            t);
    assertEquals(4, r.accepted() + r.rejected(), r.toString());
    assertEquals(3, r.rejected(), "a fraction, a negative count, no service: " + r);
    FunctionWindows w = store.get(FunctionKey.of("shop/checkout"));
    assertEquals(3, w.platformInstances(t, 120 * S));
    assertEquals(-1, w.platformInstances(t + 121 * S, 120 * S), "too old");
    assertEquals(-1, w.platformInstances(t - S, 120 * S), "not yet reported at that time");
    assertEquals(null, store.get(FunctionKey.of("knative/autoscaler")), "not the reporter's key");
  }

  @Test
  void cumulativeStreamsAreBoundedAndEvictionsCounted() {
    CollectorSink small =
        new CollectorSink(
            store, IdentityConfig.defaults(), ExtractConfig.defaults().withMaxStreams(2), time);
    long t = START + 10 * S;
    for (int i = 0; i < 3; i++) {
      small.acceptMetrics(
          metrics(
              resource("faas.name", "f", "faas.instance", "i-" + i),
              sum("faas.invocations", true, true, point(START + S, t, 1))),
          t);
    }
    assertEquals(1, small.evictedStreams());
    assertEquals(3, f().invocationsTotal());
  }

  @Test
  void initDurationsFeedTheInitQuantile() {
    long t = START + 10 * S;
    sink.acceptMetrics(
        metrics(
            RES,
            histogram(
                "faas.init_duration",
                "ms",
                false,
                hpoint(
                    t - 10 * S, t, List.of(100.0, 500.0, 1000.0), List.of(0L, 0L, 3L, 0L), 2000))),
        t);
    // one non-empty bucket: its values sit at the mean, 2000 ms / 3
    assertEquals(2.0 / 3, f().view(0).initDurationQuantileSeconds(0.5), 2.0 / 3 * 0.02);
  }

  @Test
  void pointsWithoutIdentityOrOutOfTimeAreRejected() {
    long t = START + 10 * S;
    IngestResult r =
        sink.acceptMetrics(
            metrics(
                resource("host.name", "x"),
                sum("faas.invocations", false, true, point(t - S, t, 1))),
            t);
    assertEquals(1, r.rejected());
    r =
        sink.acceptMetrics(
            metrics(
                RES,
                sum(
                    "faas.invocations",
                    false,
                    true,
                    point(t - S, t + 3600 * S, 1),
                    point(t - 3601 * S, t - 3600 * S, 1),
                    point(t - S, t, 1))),
            t);
    assertEquals(2, r.rejected());
    assertEquals(1, r.accepted());
    assertEquals(1, f().invocationsTotal());
  }
}
