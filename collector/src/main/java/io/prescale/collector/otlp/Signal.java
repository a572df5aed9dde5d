package io.prescale.collector.otlp;

import com.google.protobuf.CodedInputStream;
import com.google.protobuf.InvalidProtocolBufferException;
import com.google.protobuf.Message;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsPartialSuccess;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceRequest;
import io.opentelemetry.proto.collector.logs.v1.ExportLogsServiceResponse;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsPartialSuccess;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceResponse;
import io.opentelemetry.proto.collector.trace.v1.ExportTracePartialSuccess;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceResponse;
import io.opentelemetry.proto.logs.v1.ResourceLogs;
import io.opentelemetry.proto.logs.v1.ScopeLogs;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.prescale.collector.ingest.IngestResult;
import io.prescale.collector.ingest.TelemetrySink;

/** The three OTLP signals: how each is parsed, counted, handed to the sink and answered. */
enum Signal {
  TRACES("traces", "/v1/traces", "opentelemetry.proto.collector.trace.v1", "TraceService") {
    @Override
    Message parse(CodedInputStream in) throws InvalidProtocolBufferException {
      return ExportTraceServiceRequest.parser().parseFrom(in);
    }

    @Override
    Message.Builder newRequestBuilder() {
      return ExportTraceServiceRequest.newBuilder();
    }

    @Override
    long countItems(Message request) {
      long n = 0;
      for (ResourceSpans rs : ((ExportTraceServiceRequest) request).getResourceSpansList()) {
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          n += ss.getSpansCount();
        }
      }
      return n;
    }

    @Override
    IngestResult ingest(TelemetrySink sink, Message request, long receivedNanos) {
      return sink.acceptTraces((ExportTraceServiceRequest) request, receivedNanos);
    }

    @Override
    Message response(IngestResult r) {
      if (!hasPartialSuccess(r)) {
        return ExportTraceServiceResponse.getDefaultInstance();
      }
      return ExportTraceServiceResponse.newBuilder()
          .setPartialSuccess(
              ExportTracePartialSuccess.newBuilder()
                  .setRejectedSpans(r.rejected())
                  .setErrorMessage(r.message()))
          .build();
    }
  },

  METRICS("metrics", "/v1/metrics", "opentelemetry.proto.collector.metrics.v1", "MetricsService") {
    @Override
    Message parse(CodedInputStream in) throws InvalidProtocolBufferException {
      return ExportMetricsServiceRequest.parser().parseFrom(in);
    }

    @Override
    Message.Builder newRequestBuilder() {
      return ExportMetricsServiceRequest.newBuilder();
    }

    @Override
    long countItems(Message request) {
      long n = 0;
      for (ResourceMetrics rm : ((ExportMetricsServiceRequest) request).getResourceMetricsList()) {
        for (ScopeMetrics sm : rm.getScopeMetricsList()) {
          for (Metric m : sm.getMetricsList()) {
            n += dataPoints(m);
          }
        }
      }
      return n;
    }

    @Override
    IngestResult ingest(TelemetrySink sink, Message request, long receivedNanos) {
      return sink.acceptMetrics((ExportMetricsServiceRequest) request, receivedNanos);
    }

    @Override
    Message response(IngestResult r) {
      if (!hasPartialSuccess(r)) {
        return ExportMetricsServiceResponse.getDefaultInstance();
      }
      return ExportMetricsServiceResponse.newBuilder()
          .setPartialSuccess(
              ExportMetricsPartialSuccess.newBuilder()
                  .setRejectedDataPoints(r.rejected())
                  .setErrorMessage(r.message()))
          .build();
    }
  },

  LOGS("logs", "/v1/logs", "opentelemetry.proto.collector.logs.v1", "LogsService") {
    @Override
    Message parse(CodedInputStream in) throws InvalidProtocolBufferException {
      return ExportLogsServiceRequest.parser().parseFrom(in);
    }

    @Override
    Message.Builder newRequestBuilder() {
      return ExportLogsServiceRequest.newBuilder();
    }

    @Override
    long countItems(Message request) {
      long n = 0;
      for (ResourceLogs rl : ((ExportLogsServiceRequest) request).getResourceLogsList()) {
        for (ScopeLogs sl : rl.getScopeLogsList()) {
          n += sl.getLogRecordsCount();
        }
      }
      return n;
    }

    /** Logs are decoded and counted, not stored. */
    @Override
    IngestResult ingest(TelemetrySink sink, Message request, long receivedNanos) {
      return IngestResult.ok(countItems(request));
    }

    @Override
    Message response(IngestResult r) {
      if (!hasPartialSuccess(r)) {
        return ExportLogsServiceResponse.getDefaultInstance();
      }
      return ExportLogsServiceResponse.newBuilder()
          .setPartialSuccess(
              ExportLogsPartialSuccess.newBuilder()
                  .setRejectedLogRecords(r.rejected())
                  .setErrorMessage(r.message()))
          .build();
    }
  };

  private final String label;
  private final String path;
  private final String grpcPackage;
  private final String grpcService;

  Signal(String label, String path, String grpcPackage, String grpcService) {
    this.label = label;
    this.path = path;
    this.grpcPackage = grpcPackage;
    this.grpcService = grpcService;
  }

  /** Parses a binary request; ids and other bytes fields may alias {@code in}'s buffer. */
  abstract Message parse(CodedInputStream in) throws InvalidProtocolBufferException;

  abstract Message.Builder newRequestBuilder();

  /** Spans, data points or log records in the request. */
  abstract long countItems(Message request);

  abstract IngestResult ingest(TelemetrySink sink, Message request, long receivedNanos);

  /** The Export response: partial success set only when something was rejected or explained. */
  abstract Message response(IngestResult result);

  String label() {
    return label;
  }

  String path() {
    return path;
  }

  String grpcPackage() {
    return grpcPackage;
  }

  String grpcService() {
    return grpcService;
  }

  /** The signal served at an OTLP/HTTP path, or null. */
  static Signal byPath(String path) {
    if (path == null) {
      return null;
    }
    for (Signal s : values()) {
      if (s.path.equals(path)) {
        return s;
      }
    }
    return null;
  }

  static boolean hasPartialSuccess(IngestResult r) {
    return r.rejected() > 0 || (r.message() != null && !r.message().isEmpty());
  }

  static long dataPoints(Metric m) {
    switch (m.getDataCase()) {
      case GAUGE:
        return m.getGauge().getDataPointsCount();
      case SUM:
        return m.getSum().getDataPointsCount();
      case HISTOGRAM:
        return m.getHistogram().getDataPointsCount();
      case EXPONENTIAL_HISTOGRAM:
        return m.getExponentialHistogram().getDataPointsCount();
      case SUMMARY:
        return m.getSummary().getDataPointsCount();
      default:
        return 0;
    }
  }
}
