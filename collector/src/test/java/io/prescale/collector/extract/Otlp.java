package io.prescale.collector.extract;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.util.ArrayList;
import java.util.List;

/** Small builders of OTLP protos for tests. */
final class Otlp {
  private Otlp() {}

  static KeyValue kv(String k, Object v) {
    AnyValue.Builder a = AnyValue.newBuilder();
    if (v instanceof Boolean b) {
      a.setBoolValue(b);
    } else if (v instanceof Integer || v instanceof Long) {
      a.setIntValue(((Number) v).longValue());
    } else if (v instanceof Double d) {
      a.setDoubleValue(d);
    } else {
      a.setStringValue(v.toString());
    }
    return KeyValue.newBuilder().setKey(k).setValue(a).build();
  }

  static List<KeyValue> attrs(Object... kvs) {
    List<KeyValue> l = new ArrayList<>();
    for (int i = 0; i < kvs.length; i += 2) {
      l.add(kv((String) kvs[i], kvs[i + 1]));
    }
    return l;
  }

  static Resource resource(Object... kvs) {
    return Resource.newBuilder().addAllAttributes(attrs(kvs)).build();
  }

  static Span span(Span.SpanKind kind, long start, long end, Object... kvs) {
    return Span.newBuilder()
        .setName("s")
        .setKind(kind)
        .setStartTimeUnixNano(start)
        .setEndTimeUnixNano(end)
        .addAllAttributes(attrs(kvs))
        .build();
  }

  static Span errorSpan(long start, long end, Object... kvs) {
    return span(Span.SpanKind.SPAN_KIND_SERVER, start, end, kvs).toBuilder()
        .setStatus(Status.newBuilder().setCode(Status.StatusCode.STATUS_CODE_ERROR))
        .build();
  }

  static ExportTraceServiceRequest traces(Resource r, Span... spans) {
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(r)
                .addScopeSpans(ScopeSpans.newBuilder().addAllSpans(List.of(spans))))
        .build();
  }

  static NumberDataPoint point(long start, long time, double value, Object... kvs) {
    return NumberDataPoint.newBuilder()
        .setStartTimeUnixNano(start)
        .setTimeUnixNano(time)
        .setAsDouble(value)
        .addAllAttributes(attrs(kvs))
        .build();
  }

  static Metric sum(String name, boolean cumulative, boolean monotonic, NumberDataPoint... points) {
    return Metric.newBuilder()
        .setName(name)
        .setSum(
            Sum.newBuilder()
                .setIsMonotonic(monotonic)
                .setAggregationTemporality(
                    cumulative
                        ? AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE
                        : AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                .addAllDataPoints(List.of(points)))
        .build();
  }

  static Metric histogram(
      String name, String unit, boolean cumulative, HistogramDataPoint... points) {
    return Metric.newBuilder()
        .setName(name)
        .setUnit(unit)
        .setHistogram(
            Histogram.newBuilder()
                .setAggregationTemporality(
                    cumulative
                        ? AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE
                        : AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                .addAllDataPoints(List.of(points)))
        .build();
  }

  static HistogramDataPoint hpoint(
      long start, long time, List<Double> bounds, List<Long> counts, double sum, Object... kvs) {
    return HistogramDataPoint.newBuilder()
        .setStartTimeUnixNano(start)
        .setTimeUnixNano(time)
        .addAllExplicitBounds(bounds)
        .addAllBucketCounts(counts)
        .setCount(counts.stream().mapToLong(Long::longValue).sum())
        .setSum(sum)
        .addAllAttributes(attrs(kvs))
        .build();
  }

  static ExportMetricsServiceRequest metrics(Resource r, Metric... ms) {
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .setResource(r)
                .addScopeMetrics(ScopeMetrics.newBuilder().addAllMetrics(List.of(ms))))
        .build();
  }
}
