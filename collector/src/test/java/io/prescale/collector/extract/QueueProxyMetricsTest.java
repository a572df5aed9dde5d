package io.prescale.collector.extract;

import static io.prescale.collector.extract.Otlp.histogram;
import static io.prescale.collector.extract.Otlp.hpoint;
import static io.prescale.collector.extract.Otlp.metrics;
import static io.prescale.collector.extract.Otlp.resource;
import static org.junit.jupiter.api.Assertions.assertEquals;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.resource.v1.Resource;
import io.prescale.collector.window.FunctionStore;
import io.prescale.collector.window.FunctionWindows;
import io.prescale.core.FunctionKey;
import io.prescale.core.time.ManualTimeSource;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/**
 * Knative queue-proxy points straight into the sink: pods that were running before the collector
 * started are instances but not starts, a pod counts one start however many streams it has, and
 * otelhttp's histogram of the same requests is not counted whichever comes first in the export.
 */
class QueueProxyMetricsTest {
  private static final long S = 1_000_000_000L;
  private static final long T0 = 1_800_000_000L * S;
  private static final List<Double> BOUNDS = List.of(0.1, 1.0);
  private final ManualTimeSource time = new ManualTimeSource(Instant.ofEpochSecond(1_800_000_000L));
  private final FunctionStore store = FunctionStore.withDefaults();
  private final CollectorSink sink = new CollectorSink(store, time);

  private static Resource pod(String name) {
    return resource(
        "k8s.namespace.name", "media",
        "k8s.pod.name", name,
        "service.name", "image-resize",
        "kn.service.name", "image-resize",
        "kn.revision.name", "image-resize-00001");
  }

  private static ExportMetricsServiceRequest export(
      Resource r, long start, long at, long ok, long failed, boolean httpFirst) {
    var kn =
        histogram(
            "kn.serving.invocation.duration",
            "s",
            true,
            hpoint(
                start,
                at,
                BOUNDS,
                List.of(ok, 0L, 0L),
                ok * 0.05,
                "http.response.status_code",
                200),
            hpoint(
                start,
                at,
                BOUNDS,
                List.of(0L, failed, 0L),
                failed * 0.5,
                "http.response.status_code",
                503));
    var http =
        histogram(
            "http.server.request.duration",
            "s",
            true,
            hpoint(
                start, at, BOUNDS, List.of(ok, failed, 0L), 1, "http.response.status_code", 200));
    return httpFirst ? metrics(r, http, kn) : metrics(r, kn, http);
  }

  private FunctionWindows fn() {
    return store.get(new FunctionKey("media/image-resize"));
  }

  @Test
  void podsBeforeTheCollectorAreInstancesButNoStarts() {
    // started an hour before the collector: its totals are a baseline, not new requests
    sink.acceptMetrics(export(pod("old"), T0 - 3600 * S, T0 + 10 * S, 50, 2, true), T0 + 10 * S);
    assertEquals(0, fn().invocationsTotal());
    assertEquals(0, fn().coldStartsTotal());
    assertEquals(1, fn().liveInstances(T0 + 11 * S));
    // its next export counts the increase only
    sink.acceptMetrics(export(pod("old"), T0 - 3600 * S, T0 + 20 * S, 53, 3, false), T0 + 20 * S);
    assertEquals(4, fn().invocationsTotal());
    assertEquals(1, fn().errorsTotal());
    assertEquals(0, fn().coldStartsTotal());
    // a pod started after the collector: one start, its requests in full
    sink.acceptMetrics(export(pod("new"), T0 + 25 * S, T0 + 30 * S, 5, 1, true), T0 + 30 * S);
    assertEquals(10, fn().invocationsTotal());
    assertEquals(2, fn().errorsTotal());
    assertEquals(1, fn().coldStartsTotal());
    assertEquals(2, fn().liveInstances(T0 + 31 * S));
    // a new attribute set of that pod starting later is no new pod
    sink.acceptMetrics(
        metrics(
            pod("new"),
            histogram(
                "kn.serving.invocation.duration",
                "s",
                true,
                hpoint(
                    T0 + 35 * S,
                    T0 + 40 * S,
                    BOUNDS,
                    List.of(0L, 0L, 1L),
                    2,
                    "http.response.status_code",
                    504))),
        T0 + 40 * S);
    assertEquals(11, fn().invocationsTotal());
    assertEquals(3, fn().errorsTotal());
    assertEquals(1, fn().coldStartsTotal());
  }
}
