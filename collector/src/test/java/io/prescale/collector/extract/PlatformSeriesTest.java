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
import static org.junit.jupiter.api.Assertions.assertNull;

import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Metric;
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

/**
 * The platform series arriving as OTLP from an OpenTelemetry Collector's Prometheus receiver
 * (resource {@code service.name} = job, {@code service.instance.id} = target, labels as point
 * attributes, no start time), read by the same mapping as Prescale's own scrape; and the rule that
 * keeps them from being counted twice.
 */
class PlatformSeriesTest {
  static final long S = 1_000_000_000L;
  static final long START = 1_800_000_000L * S;
  static final Resource RECEIVER =
      resource("service.name", "openfaas-gateway", "service.instance.id", "10.0.0.7:8082");
  static final Resource SCRAPE =
      resource(
          "service.name",
          "openfaas",
          "service.instance.id",
          "10.0.0.7:8082",
          PlatformSeries.SCRAPE_SOURCE_ATTRIBUTE,
          "openfaas");

  private final ManualTimeSource time = new ManualTimeSource(Instant.ofEpochSecond(1_800_000_000L));
  private final FunctionStore store = FunctionStore.withDefaults();
  private final CollectorSink sink = new CollectorSink(store, time);

  private FunctionWindows fn(String key) {
    return store.get(FunctionKey.of(key));
  }

  private static Metric invocations(String name, long t, double ok, double failed) {
    return sum(
        name,
        true,
        true,
        point(0, t, ok, "function_name", "figlet.openfaas-fn", "code", "200"),
        point(0, t, failed, "function_name", "figlet.openfaas-fn", "code", "502"));
  }

  @Test
  void keysFollowTheAdaptersTargets() {
    assertEquals(
        FunctionKey.of("openfaas-fn/figlet"),
        PlatformSeries.key(
            PlatformSeries.Family.OPENFAAS_INVOCATIONS,
            Otlp.attrs("function_name", "figlet.openfaas-fn")));
    assertEquals(
        FunctionKey.of("figlet"),
        PlatformSeries.key(
            PlatformSeries.Family.OPENFAAS_INVOCATIONS, Otlp.attrs("function_name", "figlet")));
    assertEquals(
        FunctionKey.of("shop/hello"),
        PlatformSeries.key(
            PlatformSeries.Family.KNATIVE_REQUESTS,
            Otlp.attrs("namespace_name", "shop", "service_name", "hello")));
    assertEquals(
        FunctionKey.of("shop/cfg"),
        PlatformSeries.key(
            PlatformSeries.Family.KNATIVE_REQUESTS,
            Otlp.attrs("namespace_name", "shop", "service_name", "", "configuration_name", "cfg")));
    assertNull(
        PlatformSeries.key(
            PlatformSeries.Family.KNATIVE_REQUESTS, Otlp.attrs("service_name", "hello")));
  }

  @Test
  void receiverNamesWithAndWithoutSuffixesCountTheSame() {
    long t = START + 10 * S;
    // the Collector sends no start time: the first point is a baseline, as for any cumulative
    sink.acceptMetrics(metrics(RECEIVER, invocations("gateway_function_invocation", t, 10, 1)), t);
    IngestResult r =
        sink.acceptMetrics(
            metrics(RECEIVER, invocations("gateway_function_invocation", t + 15 * S, 14, 3)),
            t + 15 * S);
    assertEquals(IngestResult.ok(2), r);
    FunctionWindows w = fn("openfaas-fn/figlet");
    assertEquals(6, w.invocationsTotal());
    assertEquals(2, w.errorsTotal(), "code 502");
    assertNull(fn("openfaas-gateway"), "the job is not a function");
    assertEquals(
        java.util.Map.of("k8s.namespace.name", "openfaas-fn", "service.name", "figlet"),
        store.labels(FunctionKey.of("openfaas-fn/figlet")),
        "labels for policy matches from the key, not the scrape job's resource");

    Resource other = resource("service.name", "gw", "service.instance.id", "10.0.0.8:8082");
    sink.acceptMetrics(
        metrics(other, invocations("gateway_function_invocation_total", t + 20 * S, 100, 0)),
        t + 20 * S);
    sink.acceptMetrics(
        metrics(other, invocations("gateway_function_invocation_total", t + 35 * S, 104, 0)),
        t + 35 * S);
    assertEquals(10, w.invocationsTotal(), "a second gateway replica adds its own increase");
  }

  @Test
  void durationsAndReplicasThroughOtlp() {
    long t = START + 10 * S;
    Metric replicas =
        Metric.newBuilder()
            .setName("gateway_service_count")
            .setGauge(
                Gauge.newBuilder()
                    .addDataPoints(point(0, t, 4, "function_name", "figlet.openfaas-fn")))
            .build();
    sink.acceptMetrics(
        metrics(
            RECEIVER,
            replicas,
            histogram(
                "gateway_functions",
                "s",
                true,
                hpoint(
                    0,
                    t,
                    List.of(0.5),
                    List.of(3L, 0L),
                    0.6,
                    "function_name",
                    "figlet.openfaas-fn",
                    "code",
                    "200"))),
        t);
    sink.acceptMetrics(
        metrics(
            RECEIVER,
            histogram(
                "gateway_functions",
                "s",
                true,
                hpoint(
                    0,
                    t + 15 * S,
                    List.of(0.5),
                    List.of(7L, 0L),
                    1.4,
                    "function_name",
                    "figlet.openfaas-fn",
                    "code",
                    "200"))),
        t + 15 * S);
    FunctionWindows w = fn("openfaas-fn/figlet");
    assertEquals(4, w.liveInstances(t + 15 * S));
    assertEquals(4, w.durationHistogram().count());
    assertEquals(0.8, w.durationHistogram().sum(), 1e-9, "4 durations of 0.2 s");
    assertEquals(0, w.invocationsTotal(), "durations do not count invocations");
  }

  @Test
  void knativeLegacyThroughOtlpMatchesTheScrape() {
    long t = START + 10 * S;
    Resource qp = resource("service.name", "knative-queue-proxy", "service.instance.id", "p:9091");
    sink.acceptMetrics(metrics(qp, knative(t, 50, 2, 52)), t);
    sink.acceptMetrics(metrics(qp, knative(t + 15 * S, 60, 5, 65)), t + 15 * S);
    FunctionWindows w = fn("shop/hello");
    assertEquals(13, w.invocationsTotal(), "request_count only: app_request_count is not added");
    assertEquals(3, w.errorsTotal());
    assertEquals(1, w.liveInstances(t + 15 * S));
    assertEquals(0, w.coldStartsTotal(), "no start time: the pod may be older than Prescale");
  }

  @Test
  void appRequestCountCountsWhenRequestCountIsAbsent() {
    long t = START + 10 * S;
    Resource qp = resource("service.name", "knative-queue-proxy");
    Object[] pod = {
      "namespace_name",
      "shop",
      "service_name",
      "solo",
      "pod_name",
      "p1",
      "response_code_class",
      "2xx"
    };
    sink.acceptMetrics(
        metrics(qp, sum("revision_app_request_count", true, true, point(0, t, 5, pod))), t);
    sink.acceptMetrics(
        metrics(qp, sum("revision_app_request_count", true, true, point(0, t + 15 * S, 9, pod))),
        t + 15 * S);
    assertEquals(4, fn("shop/solo").invocationsTotal());
  }

  /**
   * The dedupe rule: when Prescale scrapes a function's platform series and an OpenTelemetry
   * Collector also forwards them over OTLP, the scrape counts and the OTLP copy is ignored while
   * the scrape delivered within spansWin; when the scrape stops, the OTLP copy takes over from its
   * own baseline, so nothing is counted twice or lost.
   */
  @Test
  void bothTransportsNeverCountTwice() {
    long t = START + 10 * S;
    sink.acceptMetrics(
        metrics(SCRAPE, invocations("gateway_function_invocation_total", t, 10, 0)), t);
    sink.acceptMetrics(metrics(RECEIVER, invocations("gateway_function_invocation", t, 10, 0)), t);
    long t2 = t + 15 * S;
    sink.acceptMetrics(
        metrics(SCRAPE, invocations("gateway_function_invocation_total", t2, 25, 0)), t2);
    sink.acceptMetrics(
        metrics(RECEIVER, invocations("gateway_function_invocation", t2, 25, 0)), t2);
    FunctionWindows w = fn("openfaas-fn/figlet");
    assertEquals(15, w.invocationsTotal(), "15 new invocations, once");
    assertEquals(1, sink.supersededDataPoints(), "the OTLP copy's increase was ignored");

    // the scrape stops (source removed); after spansWin the Collector's copy counts, from its own
    // baseline: the 10 invocations both carried meanwhile are not lost twice or counted twice
    long t3 = t2 + sink.config().spansWin().toNanos() + S;
    sink.acceptMetrics(
        metrics(RECEIVER, invocations("gateway_function_invocation", t3, 40, 0)), t3);
    assertEquals(30, w.invocationsTotal(), "the OTLP copy's increase since its last point");
  }

  @Test
  void spansWinOverPlatformSeries() {
    long t = START + 10 * S;
    sink.acceptTraces(
        traces(
            resource("service.name", "figlet", "k8s.namespace.name", "openfaas-fn"),
            span(SpanKind.SPAN_KIND_SERVER, t - S, t - S / 2)),
        t);
    sink.acceptMetrics(metrics(RECEIVER, invocations("gateway_function_invocation", t, 10, 0)), t);
    sink.acceptMetrics(
        metrics(RECEIVER, invocations("gateway_function_invocation", t + 15 * S, 20, 0)),
        t + 15 * S);
    assertEquals(1, fn("openfaas-fn/figlet").invocationsTotal(), "the span only");
  }

  private static Metric[] knative(long t, double ok, double failed, double app) {
    Object[] base = {
      "namespace_name", "shop",
      "service_name", "hello",
      "configuration_name", "hello",
      "revision_name", "hello-00001",
      "pod_name", "hello-00001-deployment-aaaaa",
      "container_name", "queue-proxy"
    };
    return new Metric[] {
      sum(
          "revision_request_count",
          true,
          true,
          point(0, t, ok, with(base, "response_code", "200", "response_code_class", "2xx")),
          point(0, t, failed, with(base, "response_code", "503", "response_code_class", "5xx"))),
      sum(
          "revision_app_request_count",
          true,
          true,
          point(0, t, app, with(base, "response_code", "200", "response_code_class", "2xx"))),
      Metric.newBuilder()
          .setName("revision_queue_depth")
          .setGauge(Gauge.newBuilder().addDataPoints(point(0, t, 1, base)))
          .build()
    };
  }

  private static Object[] with(Object[] base, Object... more) {
    Object[] out = new Object[base.length + more.length];
    System.arraycopy(base, 0, out, 0, base.length);
    System.arraycopy(more, 0, out, base.length, more.length);
    return out;
  }
}
