package io.prescale.collector.otlp;

import com.google.protobuf.ByteString;
import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.ArrayValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.common.v1.KeyValueList;
import io.opentelemetry.proto.logs.v1.LogRecord;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.logs.v1.SeverityNumber;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogram;
import io.opentelemetry.proto.metrics.v1.ExponentialHistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Gauge;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.metrics.v1.Sum;
import io.opentelemetry.proto.metrics.v1.Summary;
import io.opentelemetry.proto.metrics.v1.SummaryDataPoint;
import io.opentelemetry.proto.resource.v1.Resource;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import java.nio.charset.StandardCharsets;
import java.util.ArrayList;
import java.util.Base64;
import java.util.HexFormat;
import java.util.List;
import java.util.regex.Matcher;
import java.util.regex.Pattern;

/**
 * Valid OTLP requests of every kind the collector reads, timed just before {@link #NOW}: spans of
 * every kind (cold, failed, HTTP, pubsub, no identity), counters delta and cumulative, histograms,
 * exponential histograms, gauges, summaries, active-request samples, and log records.
 */
final class OtlpSeeds {
  /** 2026-01-01T00:00:00Z: the receive time of every fuzz input. */
  static final long NOW = 1_767_225_600L * 1_000_000_000L;

  private static final long S = 1_000_000_000L;

  private OtlpSeeds() {}

  static List<Message> requests(Signal signal) {
    return switch (signal) {
      case TRACES -> List.of(traces(), tracesNoIdentity());
      case METRICS -> List.of(counters(), histograms(), gauges());
      case LOGS -> List.of(logs());
    };
  }

  /** The seeds as bytes: protobuf, or OTLP/JSON with hex ids. */
  static List<byte[]> seeds(Signal signal, Encoding encoding) {
    List<byte[]> out = new ArrayList<>();
    for (Message m : requests(signal)) {
      out.add(encoding == Encoding.JSON ? json(m) : m.toByteArray());
    }
    return out;
  }

  static byte[] json(Message m) {
    String text = new String(OtlpJson.print(m), StandardCharsets.UTF_8);
    Matcher mt = Pattern.compile("\"(traceId|spanId|parentSpanId)\":\"([^\"]*)\"").matcher(text);
    StringBuilder b = new StringBuilder();
    while (mt.find()) {
      String hex = HexFormat.of().formatHex(Base64.getDecoder().decode(mt.group(2)));
      mt.appendReplacement(b, "\"" + mt.group(1) + "\":\"" + hex + "\"");
    }
    mt.appendTail(b);
    return b.toString().getBytes(StandardCharsets.UTF_8);
  }

  static KeyValue kv(String k, Object v) {
    AnyValue.Builder a = AnyValue.newBuilder();
    if (v instanceof Boolean b) {
      a.setBoolValue(b);
    } else if (v instanceof Long l) {
      a.setIntValue(l);
    } else if (v instanceof Integer i) {
      a.setIntValue(i);
    } else if (v instanceof Double d) {
      a.setDoubleValue(d);
    } else if (v instanceof List<?> l) {
      ArrayValue.Builder arr = ArrayValue.newBuilder();
      l.forEach(x -> arr.addValues(AnyValue.newBuilder().setStringValue(x.toString())));
      a.setArrayValue(arr);
    } else {
      a.setStringValue(v.toString());
    }
    return KeyValue.newBuilder().setKey(k).setValue(a).build();
  }

  static Resource resource(Object... kvs) {
    Resource.Builder r = Resource.newBuilder();
    for (int i = 0; i < kvs.length; i += 2) {
      r.addAttributes(kv((String) kvs[i], kvs[i + 1]));
    }
    return r.build();
  }

  private static Span.Builder span(Span.SpanKind kind, long startAgo, long durationNanos, int id) {
    return Span.newBuilder()
        .setName("GET /checkout")
        .setKind(kind)
        .setTraceId(
            ByteString.copyFrom(
                new byte[] {1, 2, 3, 4, 5, 6, 7, 8, 9, 10, 11, 12, 13, 14, 15, (byte) id}))
        .setSpanId(ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 1, (byte) id}))
        .setStartTimeUnixNano(NOW - startAgo)
        .setEndTimeUnixNano(NOW - startAgo + durationNanos);
  }

  static ExportTraceServiceRequest traces() {
    Resource res =
        resource(
            "service.name",
            "checkout",
            "k8s.namespace.name",
            "shop",
            "service.instance.id",
            "pod-1",
            "faas.max_memory",
            268435456L);
    ScopeSpans scope =
        ScopeSpans.newBuilder()
            .setScope(
                InstrumentationScope.newBuilder()
                    .setName("io.opentelemetry.http")
                    .setVersion("1.0"))
            .addSpans(
                span(Span.SpanKind.SPAN_KIND_SERVER, 30 * S, 120_000_000L, 1)
                    .addAttributes(kv("faas.coldstart", true))
                    .addAttributes(kv("faas.trigger", "http"))
                    .addAttributes(kv("http.request.method", "GET"))
                    .addAttributes(kv("faas.instance", "i-1"))
                    .addEvents(Span.Event.newBuilder().setName("e").setTimeUnixNano(NOW - 29 * S)))
            .addSpans(
                span(Span.SpanKind.SPAN_KIND_SERVER, 20 * S, 2_500_000_000L, 2)
                    .addAttributes(kv("http.response.status_code", 503L))
                    .setParentSpanId(ByteString.copyFrom(new byte[] {0, 0, 0, 0, 0, 0, 1, 1})))
            .addSpans(
                span(Span.SpanKind.SPAN_KIND_SERVER, 10 * S, 5_000_000L, 3)
                    .setStatus(
                        Status.newBuilder()
                            .setCode(Status.StatusCode.STATUS_CODE_ERROR)
                            .setMessage("boom")))
            .addSpans(
                span(Span.SpanKind.SPAN_KIND_CONSUMER, 15 * S, 40_000_000L, 4)
                    .addAttributes(kv("faas.trigger", "pubsub")))
            .addSpans(span(Span.SpanKind.SPAN_KIND_INTERNAL, 10 * S, 1_000_000L, 5))
            .addSpans(
                span(Span.SpanKind.SPAN_KIND_CLIENT, 10 * S, 1_000_000L, 6)
                    .addLinks(
                        Span.Link.newBuilder()
                            .setTraceId(ByteString.copyFrom(new byte[16]))
                            .setSpanId(ByteString.copyFrom(new byte[8]))))
            .build();
    ScopeSpans other =
        ScopeSpans.newBuilder()
            .addSpans(
                span(Span.SpanKind.SPAN_KIND_SERVER, 50 * S, 300_000_000L, 7)
                    .addAttributes(kv("faas.name", "resize"))
                    .addAttributes(kv("cloud.region", "eu-west-1"))
                    .addAttributes(kv("faas.trigger", "datasource"))
                    .addAttributes(kv("tags", List.of("a", "b"))))
            .build();
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder().setResource(res).addScopeSpans(scope).addScopeSpans(other))
        .build();
  }

  static ExportTraceServiceRequest tracesNoIdentity() {
    return ExportTraceServiceRequest.newBuilder()
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(resource("service.name", "unknown_service:java"))
                .addScopeSpans(
                    ScopeSpans.newBuilder()
                        .addSpans(span(Span.SpanKind.SPAN_KIND_SERVER, 5 * S, 1_000_000L, 8))
                        .addSpans(
                            span(Span.SpanKind.SPAN_KIND_SERVER, 5 * S, -1_000_000L, 9)
                                .addAttributes(kv("faas.name", "backwards")))))
        .addResourceSpans(
            ResourceSpans.newBuilder()
                .setResource(resource("faas.name", "late"))
                .addScopeSpans(
                    ScopeSpans.newBuilder()
                        .addSpans(span(Span.SpanKind.SPAN_KIND_SERVER, 3600 * S, S, 10))))
        .build();
  }

  private static NumberDataPoint.Builder point(long startAgo, long ago) {
    return NumberDataPoint.newBuilder()
        .setStartTimeUnixNano(startAgo < 0 ? 0 : NOW - startAgo)
        .setTimeUnixNano(NOW - ago);
  }

  private static Metric sum(
      String name, AggregationTemporality t, NumberDataPoint.Builder... points) {
    Sum.Builder s = Sum.newBuilder().setIsMonotonic(true).setAggregationTemporality(t);
    for (NumberDataPoint.Builder p : points) {
      s.addDataPoints(p);
    }
    return Metric.newBuilder().setName(name).setUnit("{invocation}").setSum(s).build();
  }

  static ExportMetricsServiceRequest counters() {
    AggregationTemporality delta = AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA;
    AggregationTemporality cumulative = AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
    ScopeMetrics sm =
        ScopeMetrics.newBuilder()
            .addMetrics(
                sum(
                    "faas.invocations",
                    delta,
                    point(70, 10).setAsInt(42),
                    point(10, 5).setAsDouble(3.0)))
            .addMetrics(sum("faas.errors", delta, point(70, 10).setAsInt(2)))
            .addMetrics(
                sum(
                    "faas.coldstarts",
                    cumulative,
                    point(600, 60).setAsInt(5),
                    point(600, 1).setAsInt(7).addAttributes(kv("faas.instance", "i-2"))))
            .addMetrics(sum("faas.timeouts", cumulative, point(600, 2).setAsDouble(1.0)))
            .build();
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .setResource(
                    resource(
                        "faas.name",
                        "thumbnail",
                        "cloud.region",
                        "us-east-1",
                        "faas.instance",
                        "i-9"))
                .addScopeMetrics(sm))
        .build();
  }

  static ExportMetricsServiceRequest histograms() {
    HistogramDataPoint hp =
        HistogramDataPoint.newBuilder()
            .setStartTimeUnixNano(NOW - 70 * S)
            .setTimeUnixNano(NOW - 10 * S)
            .setCount(10)
            .setSum(2.5)
            .setMin(0.01)
            .setMax(1.2)
            .addAllExplicitBounds(List.of(0.05, 0.1, 0.5, 1.0))
            .addAllBucketCounts(List.of(2L, 3L, 3L, 1L, 1L))
            .addAttributes(kv("http.response.status_code", 200L))
            .build();
    ExponentialHistogramDataPoint ep =
        ExponentialHistogramDataPoint.newBuilder()
            .setStartTimeUnixNano(NOW - 70 * S)
            .setTimeUnixNano(NOW - 10 * S)
            .setCount(6)
            .setSum(300)
            .setScale(3)
            .setZeroCount(1)
            .setPositive(
                ExponentialHistogramDataPoint.Buckets.newBuilder()
                    .setOffset(-2)
                    .addAllBucketCounts(List.of(1L, 2L, 2L)))
            .setNegative(
                ExponentialHistogramDataPoint.Buckets.newBuilder().setOffset(0).addBucketCounts(0))
            .setMin(1)
            .setMax(120)
            .build();
    ScopeMetrics sm =
        ScopeMetrics.newBuilder()
            .addMetrics(
                Metric.newBuilder()
                    .setName("faas.invoke_duration")
                    .setUnit("s")
                    .setHistogram(
                        Histogram.newBuilder()
                            .setAggregationTemporality(
                                AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                            .addDataPoints(hp)))
            .addMetrics(
                Metric.newBuilder()
                    .setName("faas.init_duration")
                    .setUnit("ms")
                    .setHistogram(
                        Histogram.newBuilder()
                            .setAggregationTemporality(
                                AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                            .addDataPoints(hp.toBuilder().setStartTimeUnixNano(NOW - 900 * S))))
            .addMetrics(
                Metric.newBuilder()
                    .setName("http.server.request.duration")
                    .setUnit("s")
                    .setHistogram(
                        Histogram.newBuilder()
                            .setAggregationTemporality(
                                AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                            .addDataPoints(hp)))
            .addMetrics(
                Metric.newBuilder()
                    .setName("faas.invoke_duration")
                    .setUnit("ms")
                    .setExponentialHistogram(
                        ExponentialHistogram.newBuilder()
                            .setAggregationTemporality(
                                AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA)
                            .addDataPoints(ep)))
            .build();
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .setResource(resource("service.name", "api", "k8s.namespace.name", "web"))
                .addScopeMetrics(sm))
        .build();
  }

  static ExportMetricsServiceRequest gauges() {
    ScopeMetrics sm =
        ScopeMetrics.newBuilder()
            .addMetrics(
                Metric.newBuilder()
                    .setName("http.server.active_requests")
                    .setUnit("{request}")
                    .setSum(
                        Sum.newBuilder()
                            .setIsMonotonic(false)
                            .setAggregationTemporality(
                                AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE)
                            .addDataPoints(point(300, 3).setAsInt(4))
                            .addDataPoints(point(300, 2).setAsDouble(2.5))))
            .addMetrics(
                Metric.newBuilder()
                    .setName("http.server.active_requests")
                    .setGauge(Gauge.newBuilder().addDataPoints(point(-1, 4).setAsInt(3))))
            .addMetrics(
                Metric.newBuilder()
                    .setName("process.cpu.utilization")
                    .setGauge(Gauge.newBuilder().addDataPoints(point(-1, 4).setAsDouble(0.5))))
            .addMetrics(
                Metric.newBuilder()
                    .setName("faas.invoke_duration")
                    .setSummary(
                        Summary.newBuilder()
                            .addDataPoints(
                                SummaryDataPoint.newBuilder()
                                    .setTimeUnixNano(NOW - S)
                                    .setCount(3)
                                    .setSum(1.5)
                                    .addQuantileValues(
                                        SummaryDataPoint.ValueAtQuantile.newBuilder()
                                            .setQuantile(0.5)
                                            .setValue(0.4)))))
            .build();
    return ExportMetricsServiceRequest.newBuilder()
        .addResourceMetrics(
            ResourceMetrics.newBuilder()
                .setResource(resource("service.name", "checkout", "k8s.namespace.name", "shop"))
                .addScopeMetrics(sm))
        .build();
  }

  static ExportLogsServiceRequest logs() {
    return ExportLogsServiceRequest.newBuilder()
        .addResourceLogs(
            ResourceLogs.newBuilder()
                .setResource(resource("service.name", "checkout"))
                .addScopeLogs(
                    ScopeLogs.newBuilder()
                        .addLogRecords(
                            LogRecord.newBuilder()
                                .setTimeUnixNano(NOW - S)
                                .setObservedTimeUnixNano(NOW)
                                .setSeverityNumber(SeverityNumber.SEVERITY_NUMBER_ERROR)
                                .setSeverityText("ERROR")
                                .setBody(AnyValue.newBuilder().setStringValue("payment failed"))
                                .addAttributes(kv("http.response.status_code", 500L))
                                .setTraceId(ByteString.copyFrom(new byte[16]))
                                .setSpanId(ByteString.copyFrom(new byte[8])))
                        .addLogRecords(
                            LogRecord.newBuilder()
                                .setTimeUnixNano(NOW - 2 * S)
                                .setBody(
                                    AnyValue.newBuilder()
                                        .setKvlistValue(
                                            KeyValueList.newBuilder().addValues(kv("k", 1.5)))))))
        .build();
  }
}
