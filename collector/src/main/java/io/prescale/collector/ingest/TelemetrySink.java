package io.prescale.collector.ingest;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import java.util.concurrent.CompletionStage;

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

  /**
   * Called right after each accept, on the same thread: a stage that completes when what that call
   * took is durable, or fails when it could not be stored (the transport then answers 503 /
   * UNAVAILABLE so the client retries); null when it is stored already (this process's windows). In
   * cluster mode it completes when Kafka acknowledged the request's records.
   */
  default CompletionStage<Void> durable() {
    return null;
  }
}
