package io.prescale.collector.lambda;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.common.v1.AnyValue;
import io.opentelemetry.proto.common.v1.InstrumentationScope;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.Histogram;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.opentelemetry.proto.trace.v1.Status;
import io.prescale.collector.ingest.PlatformReports;
import java.util.EnumMap;
import java.util.HashMap;
import java.util.LinkedHashMap;
import java.util.Map;

/**
 * The invocations of one request, as the OTLP the collector already ingests, so that identity,
 * validation, lateness, the spans-win rule and the windows are the collector's own: each report is
 * a SERVER span ({@code faas.coldstart}, {@code faas.max_memory}, status ERROR unless {@code
 * success}) on the resource of its {@link LambdaFunction}, from {@code end - duration} to {@code
 * end}; the wait for a new environment ({@code Init Duration} or {@code Restore Duration}) of a
 * cold start is a {@code faas.init_duration} point (a delta histogram of one, in seconds). Records
 * that cannot be read are counted, and the first one is named, instead of failing the request.
 */
public final class LambdaBatch {
  private static final long NANOS_PER_MS = 1_000_000L;
  private static final long BYTES_PER_MB = 1_048_576L;

  private final Map<LambdaFunction, ScopeSpans.Builder> spans = new LinkedHashMap<>();
  private final Map<LambdaFunction, Histogram.Builder> inits = new LinkedHashMap<>();
  private final Map<LambdaFunction, InitType> lastInit = new HashMap<>();
  private final Map<InitType, Long> initStarts = new EnumMap<>(InitType.class);
  private long reports;
  private long coldStarts;
  private long ignored;
  private long malformed;
  private String firstMalformed;

  /** A {@code platform.report} or {@code REPORT} line. */
  void report(LambdaFunction fn, LambdaReport r) {
    // a provisioned-concurrency environment was warmed up ahead of its requests: never cold
    boolean cold = r.coldStart() && lastInit.get(fn) != InitType.PROVISIONED_CONCURRENCY;
    long duration = Math.round(r.durationMs() * NANOS_PER_MS);
    Span.Builder s =
        Span.newBuilder()
            .setName(fn.name())
            .setKind(Span.SpanKind.SPAN_KIND_SERVER)
            .setStartTimeUnixNano(r.endNanos() - duration)
            .setEndTimeUnixNano(r.endNanos())
            .addAttributes(string("faas.invocation_id", r.requestId()))
            .addAttributes(
                KeyValue.newBuilder()
                    .setKey("faas.coldstart")
                    .setValue(AnyValue.newBuilder().setBoolValue(cold)));
    if (r.memorySizeMb() > 0) {
      s.addAttributes(
          KeyValue.newBuilder()
              .setKey("faas.max_memory")
              .setValue(AnyValue.newBuilder().setIntValue(r.memorySizeMb() * BYTES_PER_MB)));
    }
    if (r.error()) {
      s.setStatus(
          Status.newBuilder()
              .setCode(Status.StatusCode.STATUS_CODE_ERROR)
              .setMessage("status " + r.status()));
    }
    spans.computeIfAbsent(fn, f -> ScopeSpans.newBuilder().setScope(scope())).addSpans(s);
    reports++;
    if (cold) {
      coldStarts++;
      double seconds = r.startupMs() / 1000;
      long startupNanos = Math.round(r.startupMs() * NANOS_PER_MS);
      inits
          .computeIfAbsent(
              fn,
              f ->
                  Histogram.newBuilder()
                      .setAggregationTemporality(
                          AggregationTemporality.AGGREGATION_TEMPORALITY_DELTA))
          .addDataPoints(
              HistogramDataPoint.newBuilder()
                  .setStartTimeUnixNano(r.endNanos() - duration - startupNanos)
                  .setTimeUnixNano(r.endNanos())
                  .setCount(1)
                  .setSum(seconds)
                  .setMin(seconds)
                  .setMax(seconds));
    }
  }

  /** A {@code platform.initStart}: how the environment's next first report is to be read. */
  void initStart(LambdaFunction fn, InitType type) {
    lastInit.put(fn, type);
    initStarts.merge(type, 1L, Long::sum);
  }

  /** A record that is not an invocation report (another event type, another log line). */
  void skip() {
    ignored++;
  }

  /** A record that could not be read; {@code why} names it, its field and value. */
  void malformed(String why) {
    malformed++;
    if (firstMalformed == null) {
      firstMalformed = why;
    }
  }

  /** The invocations, as spans (empty when none). */
  public ExportTraceServiceRequest traces() {
    ExportTraceServiceRequest.Builder b = ExportTraceServiceRequest.newBuilder();
    spans.forEach(
        (fn, ss) ->
            b.addResourceSpans(
                ResourceSpans.newBuilder().setResource(fn.resource()).addScopeSpans(ss)));
    return b.build();
  }

  /** The cold starts' waits as {@code faas.init_duration} points, or null when none. */
  public ExportMetricsServiceRequest initDurations() {
    if (inits.isEmpty()) {
      return null;
    }
    ExportMetricsServiceRequest.Builder b = ExportMetricsServiceRequest.newBuilder();
    inits.forEach(
        (fn, h) ->
            b.addResourceMetrics(
                ResourceMetrics.newBuilder()
                    .setResource(fn.resource())
                    .addScopeMetrics(
                        ScopeMetrics.newBuilder()
                            .setScope(scope())
                            .addMetrics(
                                Metric.newBuilder()
                                    .setName("faas.init_duration")
                                    .setUnit("s")
                                    .setHistogram(h)))));
    return b.build();
  }

  /** Invocation reports read. */
  public long reports() {
    return reports;
  }

  /** Reports read as cold starts. */
  public long coldStarts() {
    return coldStarts;
  }

  /** {@code platform.initStart} events read, by {@code initializationType} value. */
  public Map<String, Long> initStarts() {
    Map<String, Long> m = new LinkedHashMap<>();
    for (InitType t : InitType.values()) {
      m.put(t.value, initStarts.getOrDefault(t, 0L));
    }
    return m;
  }

  /** Records that are not invocation reports, skipped. */
  public long ignored() {
    return ignored;
  }

  /** Records that could not be read, skipped. */
  public long malformed() {
    return malformed;
  }

  /** The first malformed record, named, or null. */
  public String firstMalformed() {
    return firstMalformed;
  }

  /** One line on what was skipped, empty when nothing was. */
  public String message() {
    return malformed == 0
        ? ""
        : "skipped " + malformed + " malformed records (first: " + firstMalformed + ")";
  }

  private static InstrumentationScope scope() {
    return InstrumentationScope.newBuilder().setName(PlatformReports.LAMBDA_SCOPE).build();
  }

  private static KeyValue string(String key, String value) {
    return KeyValue.newBuilder()
        .setKey(key)
        .setValue(AnyValue.newBuilder().setStringValue(value))
        .build();
  }
}
