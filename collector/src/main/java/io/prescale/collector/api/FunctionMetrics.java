package io.prescale.collector.api;

import io.prescale.collector.extract.CollectorSink;
import io.prescale.collector.window.DurationHistogram;
import io.prescale.collector.window.FunctionStore;
import io.prescale.collector.window.FunctionWindows;
import io.prescale.collector.window.Saturating;
import io.prescale.core.metrics.TopFunctions;
import io.prescale.core.time.TimeSource;
import io.prometheus.metrics.model.registry.MultiCollector;
import io.prometheus.metrics.model.registry.PrometheusRegistry;
import io.prometheus.metrics.model.snapshots.ClassicHistogramBuckets;
import io.prometheus.metrics.model.snapshots.CounterSnapshot;
import io.prometheus.metrics.model.snapshots.CounterSnapshot.CounterDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot;
import io.prometheus.metrics.model.snapshots.GaugeSnapshot.GaugeDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot;
import io.prometheus.metrics.model.snapshots.HistogramSnapshot.HistogramDataPointSnapshot;
import io.prometheus.metrics.model.snapshots.Labels;
import io.prometheus.metrics.model.snapshots.MetricSnapshots;
import java.util.ArrayList;
import java.util.Comparator;
import java.util.List;
import java.util.Map;
import java.util.Objects;

/**
 * Per-function Prometheus series, read from the store at scrape time: {@code
 * prescale_function_invocations_total}, {@code prescale_function_cold_starts_total}, {@code
 * prescale_function_errors_total}, {@code prescale_function_concurrency} (mean in-flight over the
 * last 10 complete seconds) and {@code prescale_function_duration_seconds} (classic buckets: native
 * histograms collapse to {@code +Inf} in text, OTLP.md trap 6), all labelled {@code function}.
 *
 * <p>Label cardinality is capped: only the {@code topN} functions with the most invocations get
 * their own series; the rest are summed under {@code function="__other__"} (a function moving in or
 * out of the top N makes {@code __other__} step, which Prometheus reads as a counter reset). Also
 * {@code prescale_functions_tracked}, {@code prescale_functions_rejected_total} (new functions
 * refused at the store limit), {@code prescale_functions_evicted_total} and, with a sink, {@code
 * prescale_extract_rejected_items_total{reason}} and {@code
 * prescale_extract_superseded_points_total}, {@code prescale_extract_evicted_streams_total}.
 */
public final class FunctionMetrics implements MultiCollector {
  public static final String OTHER = TopFunctions.OTHER;
  public static final int DEFAULT_TOP_N = TopFunctions.DEFAULT_N;
  private static final int CONCURRENCY_SECONDS = 10;

  private final FunctionStore store;
  private final CollectorSink sink;
  private final TimeSource time;
  private final int topN;

  /**
   * @param sink may be null (no extraction counters then)
   * @param topN functions with their own series, in [0; 100000]
   */
  public FunctionMetrics(FunctionStore store, CollectorSink sink, TimeSource time, int topN) {
    this.store = Objects.requireNonNull(store, "store");
    this.sink = sink;
    this.time = Objects.requireNonNull(time, "time");
    if (topN < 0 || topN > 100_000) {
      throw new IllegalArgumentException("topN = " + topN + ", must be in [0; 100000]");
    }
    this.topN = topN;
  }

  /** Creates the collector and registers it in {@code registry}. */
  public static FunctionMetrics register(
      PrometheusRegistry registry,
      FunctionStore store,
      CollectorSink sink,
      TimeSource time,
      int topN) {
    FunctionMetrics m = new FunctionMetrics(store, sink, time, topN);
    registry.register(m);
    return m;
  }

  private record Row(
      String function,
      long invocations,
      long cold,
      long errors,
      double concurrency,
      DurationHistogram durations) {}

  @Override
  public MetricSnapshots collect() {
    long now = time.epochNanos();
    List<Row> rows = new ArrayList<>();
    for (FunctionWindows w : store.all()) {
      rows.add(
          new Row(
              w.function().value(),
              w.invocationsTotal(),
              w.coldStartsTotal(),
              w.errorsTotal(),
              w.recentConcurrency(now, CONCURRENCY_SECONDS),
              w.durationHistogram()));
    }
    rows.sort(Comparator.comparingLong(Row::invocations).reversed().thenComparing(Row::function));
    if (rows.size() > topN) {
      List<Row> kept = new ArrayList<>(rows.subList(0, topN));
      long inv = 0;
      long cold = 0;
      long err = 0;
      double conc = 0;
      DurationHistogram h = DurationHistogram.empty();
      for (Row r : rows.subList(topN, rows.size())) {
        inv = Saturating.add(inv, r.invocations());
        cold = Saturating.add(cold, r.cold());
        err = Saturating.add(err, r.errors());
        conc += r.concurrency();
        h = h.plus(r.durations());
      }
      kept.add(new Row(OTHER, inv, cold, err, conc, h));
      rows = kept;
    }
    CounterSnapshot.Builder invocations =
        CounterSnapshot.builder()
            .name("prescale_function_invocations")
            .help("Invocations since the function was first seen");
    CounterSnapshot.Builder coldStarts =
        CounterSnapshot.builder()
            .name("prescale_function_cold_starts")
            .help("Cold starts since the function was first seen");
    CounterSnapshot.Builder errors =
        CounterSnapshot.builder()
            .name("prescale_function_errors")
            .help("Failed invocations since the function was first seen");
    GaugeSnapshot.Builder concurrency =
        GaugeSnapshot.builder()
            .name("prescale_function_concurrency")
            .help(
                "Mean in-flight invocations over the last "
                    + CONCURRENCY_SECONDS
                    + " complete seconds");
    HistogramSnapshot.Builder durations =
        HistogramSnapshot.builder()
            .name("prescale_function_duration_seconds")
            .help("Invocation durations in seconds");
    for (Row r : rows) {
      Labels l = Labels.of(TopFunctions.labelPairs(r.function()));
      invocations.dataPoint(
          CounterDataPointSnapshot.builder().labels(l).value(r.invocations()).build());
      coldStarts.dataPoint(CounterDataPointSnapshot.builder().labels(l).value(r.cold()).build());
      errors.dataPoint(CounterDataPointSnapshot.builder().labels(l).value(r.errors()).build());
      concurrency.dataPoint(
          GaugeDataPointSnapshot.builder().labels(l).value(r.concurrency()).build());
      DurationHistogram h = r.durations();
      durations.dataPoint(
          HistogramDataPointSnapshot.builder()
              .labels(l)
              .classicHistogramBuckets(ClassicHistogramBuckets.of(h.upperBounds(), h.counts()))
              .sum(h.sum())
              .build());
    }
    MetricSnapshots.Builder all =
        MetricSnapshots.builder()
            .metricSnapshot(invocations.build())
            .metricSnapshot(coldStarts.build())
            .metricSnapshot(errors.build())
            .metricSnapshot(concurrency.build())
            .metricSnapshot(durations.build())
            .metricSnapshot(
                GaugeSnapshot.builder()
                    .name("prescale_functions_tracked")
                    .help("Functions tracked now")
                    .dataPoint(GaugeDataPointSnapshot.builder().value(store.size()).build())
                    .build())
            .metricSnapshot(
                CounterSnapshot.builder()
                    .name("prescale_functions_rejected")
                    .help("New functions refused because the tracked-function limit was reached")
                    .dataPoint(
                        CounterDataPointSnapshot.builder().value(store.rejectedFunctions()).build())
                    .build())
            .metricSnapshot(
                CounterSnapshot.builder()
                    .name("prescale_functions_evicted")
                    .help("Functions evicted after the idle timeout")
                    .dataPoint(
                        CounterDataPointSnapshot.builder().value(store.evictedFunctions()).build())
                    .build());
    if (sink != null) {
      CounterSnapshot.Builder rejected =
          CounterSnapshot.builder()
              .name("prescale_extract_rejected_items")
              .help("Spans and data points that decoded but could not be used, by reason");
      for (Map.Entry<String, Long> e : sink.rejectedByReason().entrySet()) {
        rejected.dataPoint(
            CounterDataPointSnapshot.builder()
                .labels(Labels.of("reason", e.getKey()))
                .value(e.getValue())
                .build());
      }
      all.metricSnapshot(rejected.build());
      all.metricSnapshot(
          CounterSnapshot.builder()
              .name("prescale_extract_superseded_points")
              .help("Metric data points ignored because the function's spans are counted instead")
              .dataPoint(
                  CounterDataPointSnapshot.builder().value(sink.supersededDataPoints()).build())
              .build());
      all.metricSnapshot(
          CounterSnapshot.builder()
              .name("prescale_extract_superseded_spans")
              .help(
                  "A function's own invocation spans ignored because its platform reports its"
                      + " invocations (Lambda platform reports)")
              .dataPoint(CounterDataPointSnapshot.builder().value(sink.supersededSpans()).build())
              .build());
      all.metricSnapshot(
          CounterSnapshot.builder()
              .name("prescale_extract_evicted_streams")
              .help("Cumulative metric streams forgotten because the stream limit was reached")
              .dataPoint(CounterDataPointSnapshot.builder().value(sink.evictedStreams()).build())
              .build());
    }
    return all.build();
  }
}
