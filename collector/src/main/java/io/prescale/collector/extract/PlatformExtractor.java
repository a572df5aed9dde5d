package io.prescale.collector.extract;

import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.prescale.collector.extract.PlatformSeries.Family;
import io.prescale.collector.extract.PlatformSeries.Kind;
import io.prescale.collector.window.WindowWriter;
import io.prescale.core.FunctionKey;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;

/**
 * Platform series ({@link PlatformSeries}) to counts, durations, instances and cold starts, for
 * both transports: Prescale's own scrape (the resource carries {@link
 * PlatformSeries#SCRAPE_SOURCE_ATTRIBUTE}) and OTLP from a Collector's Prometheus receiver. The
 * same code reads both; cumulative points become increases in the one {@link CumulativeTracker}.
 *
 * <p>Never counted twice ({@link SourceArbiter}): a function whose platform series arrived through
 * Prescale's scrape within {@link ExtractConfig#spansWin()} ignores the OTLP copy (its cumulative
 * streams still advance, so nothing is counted later either); spans and {@code faas.*} metrics of
 * the same function win over platform series; Knative's {@code revision_app_request_count} counts
 * only for a function without {@code revision_request_count} (each request passes both).
 *
 * <p>Concurrency: a duration histogram's increase over the interval since the stream's previous
 * point is in-flight time spread over that interval (Little's law: mean concurrency = sum of
 * durations / interval), so concurrency-driven deciders (KPA, HPA) work from these series.
 *
 * <p>Instances: a Knative point's {@code pod_name} is an instance; a pod not remembered whose point
 * starts at or after the collector started (it began while Prescale listened) is also a cold start.
 * OpenFaaS's {@code gateway_service_count} of N marks instances {@code replica-1} to {@code
 * replica-N} (a lower count shows once the extra ones leave the instance window).
 */
final class PlatformExtractor {
  /** What the extractor needs of the request being read. */
  interface Points {
    /**
     * The function's windows after validating time and key, created with {@code labels} when new;
     * null when rejected (counted).
     */
    WindowWriter windows(long timeNanos, FunctionKey key, Map<String, String> labels);

    void badValue(String detail);

    void tooLate();

    void noIdentity();

    long received();

    boolean scraped();

    String stream(Metric m, List<KeyValue> attrs);
  }

  private final CumulativeTracker cumulative;
  private final SourceArbiter arbiter;
  private final LinkedHashMap<String, Long> lastPoint;
  private long superseded;

  PlatformExtractor(CumulativeTracker cumulative, SourceArbiter arbiter, int maxStreams) {
    this.cumulative = cumulative;
    this.arbiter = arbiter;
    this.lastPoint =
        new LinkedHashMap<>(256, 0.75f, true) {
          @Override
          protected boolean removeEldestEntry(Map.Entry<String, Long> eldest) {
            return size() > maxStreams;
          }
        };
  }

  /** Counts or durations ignored because another source of the function wins. */
  long superseded() {
    return superseded;
  }

  /** Reads every point of {@code m}; returns how many points it held. */
  long accept(Points b, Metric m, Family f) {
    switch (m.getDataCase()) {
      case SUM -> {
        boolean cumul =
            m.getSum().getAggregationTemporality()
                == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
        for (NumberDataPoint p : m.getSum().getDataPointsList()) {
          number(b, m, f, p, cumul);
        }
        return m.getSum().getDataPointsCount();
      }
      case GAUGE -> {
        // an untyped counter (a receiver makes untyped series gauges) is still cumulative
        for (NumberDataPoint p : m.getGauge().getDataPointsList()) {
          number(b, m, f, p, f.kind == Kind.COUNT);
        }
        return m.getGauge().getDataPointsCount();
      }
      case HISTOGRAM -> {
        boolean cumul =
            m.getHistogram().getAggregationTemporality()
                == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
        for (HistogramDataPoint p : m.getHistogram().getDataPointsList()) {
          histogram(b, m, f, p, cumul);
        }
        return m.getHistogram().getDataPointsCount();
      }
      default -> {
        return MetricExtractor.points(m);
      }
    }
  }

  private void number(Points b, Metric m, Family f, NumberDataPoint p, boolean cumul) {
    String name = m.getName();
    double value =
        p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? p.getAsInt() : p.getAsDouble();
    long time = p.getTimeUnixNano();
    String bad =
        cumul
            ? PointBounds.cumulative(name, value)
            : PointBounds.count(name, value, p.getStartTimeUnixNano(), time);
    if (bad != null) {
      b.badValue(bad);
      return;
    }
    WindowWriter w = windows(b, f, p.getAttributesList(), time);
    if (w == null) {
      return;
    }
    instance(w, f, p.getAttributesList(), p.getStartTimeUnixNano(), time, b);
    FunctionKey key = w.function();
    switch (f.kind) {
      case REPLICAS -> {
        long n = Math.min(Math.round(value), w.config().maxInstances());
        for (long i = 1; i <= n; i++) {
          w.recordInstance("replica-" + i, time, false);
        }
        return;
      }
      case PRESENCE -> {
        return;
      }
      default -> {
        // a count: below
      }
    }
    double delta =
        cumul
            ? cumulative.sumDelta(
                b.stream(m, p.getAttributesList()), p.getStartTimeUnixNano(), value)
            : value;
    if (cumul
        && (bad = PointBounds.count(name + " increase", delta, p.getStartTimeUnixNano(), time))
            != null) {
      b.badValue(bad);
      return;
    }
    if (f == Family.KNATIVE_REQUESTS) {
      arbiter.platformRequestsSeen(key);
    }
    long n = Math.round(delta);
    if (n <= 0) {
      return;
    }
    if (ignored(b, key, true)
        || (f == Family.KNATIVE_APP_REQUESTS && arbiter.hasPlatformRequests(key))) {
      superseded++;
      return;
    }
    boolean error = PlatformSeries.error(f, p.getAttributesList());
    if (!w.recordCounts(time, n, error ? n : 0, 0, 0)) {
      b.tooLate();
    }
  }

  private void histogram(Points b, Metric m, Family f, HistogramDataPoint p, boolean cumul) {
    String name = m.getName();
    long time = p.getTimeUnixNano();
    long maxCount = PointBounds.maxCount(p.getStartTimeUnixNano(), time);
    String bad = PointBounds.histogram(name, p, cumul ? Long.MAX_VALUE : maxCount);
    if (bad != null) {
      b.badValue(bad);
      return;
    }
    WindowWriter w = windows(b, f, p.getAttributesList(), time);
    if (w == null) {
      return;
    }
    instance(w, f, p.getAttributesList(), p.getStartTimeUnixNano(), time, b);
    long count;
    double sum;
    long[] buckets;
    long from;
    if (cumul) {
      String stream = b.stream(m, p.getAttributesList());
      Long previous = lastPoint.put(stream, time);
      from =
          previous != null && previous < time
              ? previous
              : cumulative.countsFromZero(p.getStartTimeUnixNano())
                  ? p.getStartTimeUnixNano()
                  : time;
      CumulativeTracker.HistogramDelta d =
          cumulative.histogramDelta(
              stream, p.getStartTimeUnixNano(), p.getCount(), p.getSum(), p.getBucketCountsList());
      if (d == null) {
        return;
      }
      count = d.count();
      sum = d.sum();
      buckets = d.buckets();
      if ((bad = PointBounds.increase(name, count, sum, buckets, maxCount)) != null) {
        b.badValue(bad);
        return;
      }
    } else {
      count = p.getCount();
      sum = p.getSum();
      buckets = p.getBucketCountsList().stream().mapToLong(Long::longValue).toArray();
      from = p.getStartTimeUnixNano() > 0 ? p.getStartTimeUnixNano() : time;
    }
    if (count <= 0) {
      return;
    }
    if (ignored(b, w.function(), false)) {
      superseded++;
      return;
    }
    MetricExtractor.addDurations(w, p, buckets, count, sum, f.secondsPerUnit, time, false);
    // Little's law: the durations' sum over the interval is its in-flight time
    w.recordInflight(from, time, Math.max(0, sum) * f.secondsPerUnit);
  }

  private WindowWriter windows(Points b, Family f, List<KeyValue> attrs, long timeNanos) {
    FunctionKey key = PlatformSeries.key(f, attrs);
    if (key == null) {
      b.noIdentity();
      return null;
    }
    WindowWriter w = b.windows(timeNanos, key, PlatformSeries.labels(key));
    if (w != null && b.scraped()) {
      arbiter.scrapeSeen(key, b.received());
    }
    return w;
  }

  /** The pod as an instance, and its cold start when it began while Prescale listened. */
  private void instance(
      WindowWriter w, Family f, List<KeyValue> attrs, long startNanos, long time, Points b) {
    String pod = PlatformSeries.instance(f, attrs);
    if (pod == null) {
      return;
    }
    boolean coldStart = cumulative.countsFromZero(startNanos) && !ignored(b, w.function(), true);
    if (!w.recordInstance(pod, time, coldStart)) {
      b.tooLate();
    }
  }

  /**
   * Whether the function's counts ({@code counts}) or durations from this transport are ignored:
   * spans or {@code faas.*} metrics win, and Prescale's scrape wins over the OTLP copy.
   */
  private boolean ignored(Points b, FunctionKey key, boolean counts) {
    long now = b.received();
    if (!b.scraped() && arbiter.scrapeWins(key, now)) {
      return true;
    }
    return arbiter.spansWin(key, now)
        || (counts ? arbiter.hasFaasCounts(key) : arbiter.hasFaasDurations(key));
  }
}
