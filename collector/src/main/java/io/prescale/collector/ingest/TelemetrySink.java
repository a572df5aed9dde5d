package io.prescale.collector.ingest;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;

/**
 * Where decoded OTLP requests go: the seam between the transports (HTTP, gRPC) and what turns
 * telemetry into per-function data. Implementations never throw on data: anything that decodes but
 * cannot be used is counted and reported back as rejected, so the transport can answer with OTLP
 * partial success.
 */
public interface TelemetrySink {

  /** Consumes every span of {@code request}; {@code receivedNanos} is wall time, epoch nanos. */
  IngestResult acceptTraces(ExportTraceServiceRequest request, long receivedNanos);

  /** Consumes every data point of {@code request}. */
  IngestResult acceptMetrics(ExportMetricsServiceRequest request, long receivedNanos);
}
