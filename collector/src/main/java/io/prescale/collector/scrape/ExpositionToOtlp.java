package io.prescale.collector.scrape;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import io.prescale.collector.extract.PlatformSeries;
import io.prescale.collector.scrape.Exposition.Family;
import io.prescale.collector.scrape.Exposition.Sample;
import java.util.ArrayList;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.List;
import java.util.Map;
import java.util.TreeMap;

/**
 * Parsed exposition families to one OTLP metrics request, shaped as an OpenTelemetry Collector's
 * Prometheus receiver shapes them, so the collector's one metric path reads both transports
 * identically: resource {@code service.name} = the source (the job), {@code service.instance.id} =
 * {@code host:port}, {@code server.address}, {@code server.port}, {@code url.scheme}, plus {@link
 * PlatformSeries#SCRAPE_SOURCE_ATTRIBUTE} (the transport); labels become point attributes; a
 * counter becomes a cumulative monotonic sum, a gauge or untyped series a gauge, a histogram a
 * cumulative histogram with its {@code le} bounds (bucket counts de-cumulated); summaries are left
 * out. Every point is stamped with the scrape time; its start time comes from {@link SeriesStarts}.
 * A histogram series whose buckets are not cumulative (a lower count above a higher bound) or has
 * no {@code +Inf} bucket is left out and counted in {@link Result#dropped()}.
 */
final class ExpositionToOtlp {
  private ExpositionToOtlp() {}

  /** The request, and how many series were left out as inconsistent. */
  record Result(ExportMetricsServiceRequest request, int points, int dropped) {}

  static Result convert(
      ScrapeTarget target, Map<String, Family> families, long nowNanos, SeriesStarts starts) {
    Map<String, Long> next = new HashMap<>();
    ScopeMetrics.Builder scope =
        ScopeMetrics.newBuilder()
            .setScope(InstrumentationScope.newBuilder().setName("io.prescale.scrape"));
    int points = 0;
    int dropped = 0;
    for (Family f : families.values()) {
      Metric.Builder m = Metric.newBuilder().setName(f.name());
      switch (f.type()) {
        case COUNTER -> {
          Sum.Builder sum =
              Sum.newBuilder()
                  .setIsMonotonic(true)
                  .setAggregationTemporality(
                      AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
          for (Sample s : f.samples()) {
            sum.addDataPoints(number(s, f.name(), nowNanos, starts, next));
          }
          m.setSum(sum);
          points += sum.getDataPointsCount();
        }
        case GAUGE, UNTYPED -> {
          Gauge.Builder g = Gauge.newBuilder();
          for (Sample s : f.samples()) {
            g.addDataPoints(number(s, f.name(), nowNanos, starts, next));
          }
          m.setGauge(g);
          points += g.getDataPointsCount();
        }
        case HISTOGRAM -> {
          Histogram.Builder h =
              Histogram.newBuilder()
                  .setAggregationTemporality(
                      AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE);
          dropped += histograms(f, h, nowNanos, starts, next);
          m.setHistogram(h);
          points += h.getDataPointsCount();
        }
        default -> {
          continue; // summaries carry nothing the platform mapping reads
        }
      }
      scope.addMetrics(m);
    }
    starts.scraped(nowNanos, next);
    Resource.Builder resource =
        Resource.newBuilder()
            .addAttributes(string("service.name", target.source()))
            .addAttributes(string("service.instance.id", target.instance()))
            .addAttributes(string("server.address", target.url().getHost()))
            .addAttributes(
                string(
                    "server.port",
                    target.instance().substring(target.instance().lastIndexOf(':') + 1)))
            .addAttributes(string("url.scheme", target.url().getScheme()))
            .addAttributes(string(PlatformSeries.SCRAPE_SOURCE_ATTRIBUTE, target.source()));
    ExportMetricsServiceRequest request =
        ExportMetricsServiceRequest.newBuilder()
            .addResourceMetrics(
                ResourceMetrics.newBuilder().setResource(resource).addScopeMetrics(scope))
            .build();
    return new Result(request, points, dropped);
  }

  private static NumberDataPoint number(
      Sample s, String family, long now, SeriesStarts starts, Map<String, Long> next) {
    return NumberDataPoint.newBuilder()
        .addAllAttributes(attributes(s.labels(), null))
        .setStartTimeUnixNano(starts.startOf(family + '\u0002' + sorted(s.labels(), null), next))
        .setTimeUnixNano(now)
        .setAsDouble(s.value())
        .build();
  }

  /** One histogram point per label set without {@code le}; returns the series left out. */
  private static int histograms(
      Family f, Histogram.Builder h, long now, SeriesStarts starts, Map<String, Long> next) {
    Map<String, Series> series = new LinkedHashMap<>();
    String bucket = f.name() + "_bucket";
    String sum = f.name() + "_sum";
    String count = f.name() + "_count";
    for (Sample s : f.samples()) {
      String id = sorted(s.labels(), "le");
      Series x = series.computeIfAbsent(id, k -> new Series(s.labels()));
      if (s.name().equals(bucket)) {
        String le = s.labels().get("le");
        double bound;
        try {
          bound = le == null ? Double.NaN : parseBound(le);
        } catch (NumberFormatException e) {
          bound = Double.NaN;
        }
        if (Double.isNaN(bound)) {
          x.bad = true;
        } else {
          x.buckets.put(bound, s.value());
        }
      } else if (s.name().equals(sum)) {
        x.sum = s.value();
      } else if (s.name().equals(count)) {
        x.count = s.value();
      }
    }
    int dropped = 0;
    for (Map.Entry<String, Series> e : series.entrySet()) {
      Series x = e.getValue();
      Double inf = x.buckets.get(Double.POSITIVE_INFINITY);
      if (x.bad || inf == null) {
        dropped++;
        continue;
      }
      HistogramDataPoint.Builder p =
          HistogramDataPoint.newBuilder()
              .addAllAttributes(attributes(x.labels, "le"))
              .setStartTimeUnixNano(starts.startOf(f.name() + '\u0002' + e.getKey(), next))
              .setTimeUnixNano(now);
      double previous = 0;
      boolean ok = true;
      for (Map.Entry<Double, Double> b : x.buckets.entrySet()) {
        double c = b.getValue();
        if (!(c >= previous) || !Double.isFinite(c)) {
          ok = false;
          break;
        }
        if (b.getKey() != Double.POSITIVE_INFINITY) {
          p.addExplicitBounds(b.getKey());
        }
        p.addBucketCounts((long) (c - previous));
        previous = c;
      }
      if (!ok) {
        dropped++;
        next.remove(f.name() + '\u0002' + e.getKey());
        continue;
      }
      p.setCount((long) (Double.isNaN(x.count) ? inf : x.count));
      if (!Double.isNaN(x.sum)) {
        p.setSum(x.sum);
      }
      h.addDataPoints(p);
    }
    return dropped;
  }

  private static double parseBound(String le) {
    return switch (le) {
      case "+Inf", "Inf" -> Double.POSITIVE_INFINITY;
      default -> Double.parseDouble(le);
    };
  }

  /** One histogram series being assembled. */
  private static final class Series {
    final Map<String, String> labels;
    final TreeMap<Double, Double> buckets = new TreeMap<>();
    double sum = Double.NaN;
    double count = Double.NaN;
    boolean bad;

    Series(Map<String, String> labels) {
      this.labels = labels;
    }
  }

  private static List<KeyValue> attributes(Map<String, String> labels, String except) {
    List<KeyValue> out = new ArrayList<>(labels.size());
    labels.forEach(
        (k, v) -> {
          if (!k.equals(except)) {
            out.add(string(k, v));
          }
        });
    return out;
  }

  private static String sorted(Map<String, String> labels, String except) {
    StringBuilder b = new StringBuilder();
    new TreeMap<>(labels)
        .forEach(
            (k, v) -> {
              if (!k.equals(except)) {
                b.append(k).append('=').append(v).append('\u0001');
              }
            });
    return b.toString();
  }

  private static KeyValue string(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }
}
