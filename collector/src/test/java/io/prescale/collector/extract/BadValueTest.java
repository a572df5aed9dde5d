package io.prescale.collector.extract;

import static io.prescale.collector.extract.Otlp.histogram;
import static io.prescale.collector.extract.Otlp.hpoint;
import static io.prescale.collector.extract.Otlp.metrics;
import static io.prescale.collector.extract.Otlp.point;
import static io.prescale.collector.extract.Otlp.resource;
import static io.prescale.collector.extract.Otlp.sum;
import static org.junit.jupiter.api.Assertions.assertEquals;
import static org.junit.jupiter.api.Assertions.assertNull;
import static org.junit.jupiter.api.Assertions.assertTrue;

import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import io.prescale.collector.api.FunctionMetrics;
import io.prescale.collector.ingest.IngestResult;
import io.prescale.collector.window.FunctionStore;
import io.prescale.collector.window.FunctionWindows;
import io.prescale.core.FunctionKey;
import io.prescale.core.time.ManualTimeSource;
import io.prometheus.metrics.expositionformats.PrometheusTextFormatWriter;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import java.io.ByteArrayOutputStream;
import java.time.Instant;
import java.util.List;
import org.junit.jupiter.api.Test;

/** Absurd or non-finite values in metric points are refused one by one as {@code bad_value}. */
class BadValueTest {
  static final long S = 1_000_000_000L;
  static final long START = 1_800_000_000L * S;
  static final Resource RES = resource("faas.name", "f", "faas.instance", "i-1");

  private final ManualTimeSource time = new ManualTimeSource(Instant.ofEpochSecond(1_800_000_000L));
  private final FunctionStore store = FunctionStore.withDefaults();
  private final CollectorSink sink = new CollectorSink(store, time);
  private final long t = START + 10 * S;

  private FunctionWindows f() {
    return store.get(FunctionKey.of("f"));
  }

  private long badValues() {
    return sink.rejectedByReason().get("bad_value");
  }

  private String scrape() throws Exception {
    PrometheusRegistry registry = new PrometheusRegistry();
    FunctionMetrics.register(registry, store, sink, time, 10);
    ByteArrayOutputStream out = new ByteArrayOutputStream();
    PrometheusTextFormatWriter.create().write(out, registry.scrape());
    return out.toString();
  }

  @Test
  void hugeColdStartCountsAreRefusedAndMetricsStillScrape() throws Exception {
    sink.acceptMetrics(metrics(RES, sum("faas.invocations", false, true, point(t - S, t, 3))), t);
    IngestResult r =
        sink.acceptMetrics(
            metrics(
                RES,
                sum("faas.coldstarts", false, true, point(t - S, t, 1e300)),
                sum("faas.coldstarts", false, true, point(t - S, t, 1e300))),
            t);
    assertEquals(0, r.accepted());
    assertEquals(2, r.rejected());
    assertTrue(r.message().contains("faas.coldstarts = 1.0E300"), r.message());
    assertTrue(r.message().contains("absurd or non-finite"), r.message());
    assertEquals(2, badValues());
    assertEquals(0, f().coldStartsTotal());
    String text = scrape();
    assertTrue(text.contains("prescale_function_invocations_total{function=\"f\"} 3.0"), text);
    assertTrue(
        text.contains("prescale_extract_rejected_items_total{reason=\"bad_value\"} 2.0"), text);
  }

  @Test
  void hugeInvocationCountDoesNotBecomeArrivals() {
    IngestResult r =
        sink.acceptMetrics(
            metrics(RES, sum("faas.invocations", false, true, point(t - S, t, 1e300))), t);
    assertEquals(1, r.rejected());
    assertNull(f(), "a refused point creates no function");
  }

  @Test
  void nonFiniteAndNegativeCountsAreRefused() {
    IngestResult r =
        sink.acceptMetrics(
            metrics(
                RES,
                sum("faas.invocations", false, true, point(t - S, t, Double.NaN)),
                sum("faas.invocations", false, true, point(t - S, t, Double.POSITIVE_INFINITY)),
                sum("faas.errors", false, true, point(t - S, t, -5)),
                sum("faas.invocations", true, true, point(START + S, t, Double.NaN)),
                sum("faas.invocations", false, true, point(t - S, t, 4))),
            t);
    assertEquals(4, r.rejected());
    assertEquals(4, f().invocationsTotal());
  }

  @Test
  void theBoundIsAMillionASecondOfThePointsInterval() {
    assertEquals(1_000_000, PointBounds.maxCount(t - S, t));
    assertEquals(1_000_000, PointBounds.maxCount(0, t), "no start: one second");
    assertEquals(60_000_000, PointBounds.maxCount(t - 60 * S, t));
    assertEquals(
        Integer.MAX_VALUE,
        PointBounds.maxCount(t - 86_400 * S, t),
        "never more than a bucket holds");
    IngestResult r =
        sink.acceptMetrics(
            metrics(
                RES,
                sum("faas.invocations", false, true, point(t - 60 * S, t, 60_000_000)),
                sum("faas.invocations", false, true, point(t - 60 * S, t, 60_000_001))),
            t);
    assertEquals(1, r.rejected());
    assertEquals(60_000_000, f().invocationsTotal());
  }

  @Test
  void hugeCumulativeIncreaseIsRefusedAndTheNextOneCounts() {
    long streamStart = START + S;
    sink.acceptMetrics(
        metrics(RES, sum("faas.invocations", true, true, point(streamStart, t, 5))), t);
    IngestResult r =
        sink.acceptMetrics(
            metrics(RES, sum("faas.invocations", true, true, point(streamStart, t + S, 1e18))),
            t + S);
    assertEquals(1, r.rejected());
    assertTrue(r.message().contains("faas.invocations increase"), r.message());
    sink.acceptMetrics(
        metrics(
            RES, sum("faas.invocations", true, true, point(streamStart, t + 2 * S, 1e18 + 1024))),
        t + 2 * S);
    assertEquals(5 + 1024, f().invocationsTotal());
  }

  @Test
  void infiniteHistogramSumRefusesThatPointOnly() {
    IngestResult r =
        sink.acceptMetrics(
            metrics(
                RES,
                sum("faas.invocations", false, true, point(t - S, t, 3)),
                histogram(
                    "faas.invoke_duration",
                    "s",
                    false,
                    hpoint(
                        t - S,
                        t,
                        List.of(0.1, 1.0),
                        List.of(0L, 3L, 0L),
                        Double.POSITIVE_INFINITY)),
                histogram(
                    "faas.init_duration",
                    "s",
                    false,
                    hpoint(t - S, t, List.of(0.1, Double.NaN), List.of(0L, 1L, 0L), 0.5))),
            t);
    assertEquals(new IngestResult(1, 2, r.message()), r);
    assertTrue(r.message().contains("faas.invoke_duration sum = Infinity"), r.message());
    assertEquals(3, f().invocationsTotal());
    assertEquals(2, badValues());
  }

  @Test
  void histogramCountsBeyondTheBoundOrUnsignedNegativeAreRefused() {
    HistogramDataPoint unsigned =
        hpoint(t - S, t, List.of(1.0), List.of(1L, 0L), 0.5).toBuilder()
            .setCount(-1)
            .build(); // 2^64 - 1 as fixed64
    IngestResult r =
        sink.acceptMetrics(
            metrics(
                RES,
                histogram("faas.invoke_duration", "s", false, unsigned),
                histogram(
                    "faas.invoke_duration",
                    "s",
                    false,
                    hpoint(t - S, t, List.of(1.0), List.of(2_000_000L, 0L), 0.5))),
            t);
    assertEquals(2, r.rejected());
    assertTrue(r.message().contains("18446744073709551615"), r.message());
  }
}
