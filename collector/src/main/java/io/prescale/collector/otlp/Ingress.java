package io.prescale.collector.otlp;

import com.google.protobuf.Message;
import io.prescale.collector.ingest.IngestResult;
import io.prescale.core.time.TimeSource;
import io.vertx.core.Context;
import java.util.function.Consumer;

/**
 * What both transports do with a decoded request: hand it to the ingest queue and bring the sink's
 * answer back to the request's event loop, counting everything on the way.
 */
final class Ingress {
  private final IngestQueue queue;
  private final OtlpMetrics metrics;
  private final TimeSource time;
  private final int retryAfterSeconds;

  Ingress(IngestQueue queue, OtlpMetrics metrics, TimeSource time, int retryAfterSeconds) {
    this.queue = queue;
    this.metrics = metrics;
    this.time = time;
    this.retryAfterSeconds = retryAfterSeconds;
  }

  OtlpMetrics metrics() {
    return metrics;
  }

  TimeSource time() {
    return time;
  }

  int retryAfterSeconds() {
    return retryAfterSeconds;
  }

  /**
   * Submits a decoded request from any thread (the decode workers call it); {@code done} runs later
   * on {@code ctx} with the sink's result. Returns false when the queue is full (the caller
   * throttles the client); the refusal is already counted.
   */
  boolean submit(
      Transport t,
      Signal s,
      Encoding e,
      Message request,
      long bytes,
      Context ctx,
      Consumer<IngestResult> done) {
    long items = s.countItems(request);
    if (s == Signal.LOGS) {
      IngestResult r = s.ingest(null, request, 0);
      metrics.ingested(t, s, e, r);
      ctx.runOnContext(v -> done.accept(r));
      return true;
    }
    boolean queued =
        queue.offer(
            s,
            request,
            items,
            bytes,
            time.epochNanos(),
            r -> {
              if (r.unavailable()) {
                metrics.refused(t, s, e, OtlpMetrics.Reason.NOT_STORED, items);
              } else {
                metrics.ingested(t, s, e, r);
              }
              ctx.runOnContext(v -> done.accept(r));
            });
    if (!queued) {
      metrics.refused(t, s, e, OtlpMetrics.Reason.QUEUE_FULL, items);
    }
    return queued;
  }
}
