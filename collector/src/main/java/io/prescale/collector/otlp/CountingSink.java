package io.prescale.collector.otlp;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.prescale.collector.ingest.IngestResult;
import io.prescale.collector.ingest.TelemetrySink;
import java.util.concurrent.atomic.AtomicLong;

/** A sink that only counts spans and data points: a stand-in until a real sink is wired. */
public final class CountingSink implements TelemetrySink {
  private final AtomicLong spans = new AtomicLong();
  private final AtomicLong dataPoints = new AtomicLong();

  @Override
  public IngestResult acceptTraces(ExportTraceServiceRequest request, long receivedNanos) {
    long n = Signal.TRACES.countItems(request);
    spans.addAndGet(n);
    return IngestResult.ok(n);
  }

  @Override
  public IngestResult acceptMetrics(ExportMetricsServiceRequest request, long receivedNanos) {
    long n = Signal.METRICS.countItems(request);
    dataPoints.addAndGet(n);
    return IngestResult.ok(n);
  }

  public long spans() {
    return spans.get();
  }

  public long dataPoints() {
    return dataPoints.get();
  }
}
