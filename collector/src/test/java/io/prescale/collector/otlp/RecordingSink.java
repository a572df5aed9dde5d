package io.prescale.collector.otlp;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.opentelemetry.proto.trace.v1.ResourceSpans;
import io.opentelemetry.proto.trace.v1.ScopeSpans;
import io.opentelemetry.proto.trace.v1.Span;
import io.prescale.collector.ingest.IngestResult;
import io.prescale.collector.ingest.TelemetrySink;
import java.util.ArrayList;
import java.util.List;
import java.util.concurrent.CompletionStage;
import java.util.concurrent.CountDownLatch;
import java.util.concurrent.TimeUnit;
import java.util.function.Function;
import java.util.function.Supplier;

/** Records what arrives; can hold the ingest thread (to fill the queue) and reject items. */
final class RecordingSink implements TelemetrySink {
  private final List<Span> spans = new ArrayList<>();
  private final List<Metric> metrics = new ArrayList<>();
  private final List<ExportTraceServiceRequest> traceRequests = new ArrayList<>();
  private volatile CountDownLatch gate;
  private volatile CountDownLatch entered = new CountDownLatch(1);
  private volatile Function<ExportTraceServiceRequest, IngestResult> traceAnswer;
  private volatile Supplier<CompletionStage<Void>> durableAnswer;

  /** The next calls block until {@link #release()}. */
  void hold() {
    entered = new CountDownLatch(1);
    gate = new CountDownLatch(1);
  }

  void release() {
    CountDownLatch g = gate;
    gate = null;
    if (g != null) {
      g.countDown();
    }
  }

  /** Waits until the ingest thread is inside the sink. */
  boolean awaitEntered() throws InterruptedException {
    return entered.await(10, TimeUnit.SECONDS);
  }

  void answerTraces(Function<ExportTraceServiceRequest, IngestResult> answer) {
    this.traceAnswer = answer;
  }

  /** What {@link #durable} answers after each accept (null: stored at once). */
  void answerDurable(Supplier<CompletionStage<Void>> d) {
    this.durableAnswer = d;
  }

  @Override
  public CompletionStage<Void> durable() {
    var d = durableAnswer;
    return d == null ? null : d.get();
  }

  @Override
  public IngestResult acceptTraces(ExportTraceServiceRequest request, long receivedNanos) {
    waitGate();
    long n = 0;
    synchronized (this) {
      traceRequests.add(request);
      for (ResourceSpans rs : request.getResourceSpansList()) {
        for (ScopeSpans ss : rs.getScopeSpansList()) {
          spans.addAll(ss.getSpansList());
          n += ss.getSpansCount();
        }
      }
    }
    Function<ExportTraceServiceRequest, IngestResult> a = traceAnswer;
    return a != null ? a.apply(request) : IngestResult.ok(n);
  }

  @Override
  public IngestResult acceptMetrics(ExportMetricsServiceRequest request, long receivedNanos) {
    waitGate();
    long n = 0;
    synchronized (this) {
      for (ResourceMetrics rm : request.getResourceMetricsList()) {
        for (ScopeMetrics sm : rm.getScopeMetricsList()) {
          metrics.addAll(sm.getMetricsList());
          for (Metric m : sm.getMetricsList()) {
            n += Signal.dataPoints(m);
          }
        }
      }
    }
    return IngestResult.ok(n);
  }

  private void waitGate() {
    entered.countDown();
    CountDownLatch g = gate;
    if (g != null) {
      try {
        g.await(30, TimeUnit.SECONDS);
      } catch (InterruptedException e) {
        Thread.currentThread().interrupt();
      }
    }
  }

  synchronized List<Span> spans() {
    return new ArrayList<>(spans);
  }

  synchronized List<Metric> metrics() {
    return new ArrayList<>(metrics);
  }

  synchronized List<ExportTraceServiceRequest> traceRequests() {
    return new ArrayList<>(traceRequests);
  }
}
