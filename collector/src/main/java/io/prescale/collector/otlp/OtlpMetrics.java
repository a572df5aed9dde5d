package io.prescale.collector.otlp;

import io.prescale.collector.ingest.IngestResult;
import io.prometheus.metrics.core.datapoints.CounterDataPoint;
import io.prometheus.metrics.core.datapoints.DistributionDataPoint;
import io.prometheus.metrics.core.metrics.Counter;
import io.prometheus.metrics.core.metrics.CounterWithCallback;
import io.prometheus.metrics.core.metrics.GaugeWithCallback;
import io.prometheus.metrics.core.metrics.Histogram;
import io.prometheus.metrics.model.registry.PrometheusRegistry;

/**
 * The collector's own metrics, registered once per registry. Data points are resolved up front so
 * the hot path does no label lookups.
 */
final class OtlpMetrics {
  /** Why a whole request was refused: the {@code reason} label. */
  enum Reason {
    DECODE_ERROR("decode_error"),
    TOO_LARGE("too_large"),
    UNSUPPORTED_MEDIA_TYPE("unsupported_media_type"),
    NOT_FOUND("not_found"),
    QUEUE_FULL("queue_full"),
    INFLIGHT_BYTES("inflight_bytes"),
    SHUTTING_DOWN("shutting_down"),
    NOT_STORED("not_stored"),
    UNAUTHORIZED("unauthorized");

    final String label;

    Reason(String label) {
      this.label = label;
    }
  }

  private static final double[] LATENCY_BUCKETS = {
    0.0005, 0.001, 0.0025, 0.005, 0.01, 0.025, 0.05, 0.1, 0.25, 0.5, 1, 2.5, 5, 10
  };

  private final CounterDataPoint[][][] accepted;
  private final CounterDataPoint[][][] rejected;
  private final CounterDataPoint[][][] refused;
  private final CounterDataPoint[][] refusedRequests;
  private final DistributionDataPoint[][] latency;

  /**
   * @param inflight body bytes not yet queued
   */
  OtlpMetrics(
      PrometheusRegistry registry, IngestQueue queue, int queueCapacity, InflightBytes inflight) {
    Counter items =
        Counter.builder()
            .name("prescale_otlp_received_items")
            .help(
                "Spans, metric data points and log records received, by transport, signal, encoding and"
                    + " outcome (accepted; rejected through partial success; refused with the whole request)")
            .labelNames("transport", "signal", "encoding", "outcome")
            .register(registry);
    Counter requests =
        Counter.builder()
            .name("prescale_otlp_refused_requests")
            .help("OTLP requests refused as a whole, by transport and reason")
            .labelNames("transport", "reason")
            .register(registry);
    Histogram duration =
        Histogram.builder()
            .name("prescale_otlp_request_duration_seconds")
            .help("Time from the start of an OTLP request to its answer")
            .classicOnly()
            .classicUpperBounds(LATENCY_BUCKETS)
            .labelNames("transport", "signal")
            .register(registry);
    GaugeWithCallback.builder()
        .name("prescale_otlp_ingest_queue_depth")
        .help("Decoded requests waiting for the ingest thread")
        .callback(cb -> cb.call(queue.depth()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("prescale_otlp_ingest_queue_bytes")
        .help("Body bytes of the decoded requests waiting for the ingest thread")
        .callback(cb -> cb.call(queue.queuedBytes()))
        .register(registry);
    GaugeWithCallback.builder()
        .name("prescale_otlp_ingest_queue_capacity")
        .help("Requests the ingest queue holds before clients are throttled")
        .callback(cb -> cb.call(queueCapacity))
        .register(registry);
    GaugeWithCallback.builder()
        .name("prescale_otlp_inflight_bytes")
        .help(
            "Body bytes received, inflated or being decoded and not yet queued (bounded by --max-inflight-bytes)")
        .callback(cb -> cb.call(inflight.used()))
        .register(registry);

    CounterWithCallback.builder()
        .name("prescale_ingest_internal_errors")
        .help("Unexpected failures in the ingest path (a bug; logged at most once per 10 s)")
        .callback(cb -> cb.call(queue.internalErrorCount()))
        .register(registry);

    int t = Transport.values().length;
    int s = Signal.values().length;
    int e = Encoding.values().length;
    accepted = new CounterDataPoint[t][s][e];
    rejected = new CounterDataPoint[t][s][e];
    refused = new CounterDataPoint[t][s][e];
    latency = new DistributionDataPoint[t][s];
    refusedRequests = new CounterDataPoint[t][Reason.values().length];
    for (Transport tr : Transport.values()) {
      for (Signal sg : Signal.values()) {
        latency[tr.ordinal()][sg.ordinal()] = duration.labelValues(tr.label(), sg.label());
        for (Encoding en : Encoding.values()) {
          accepted[tr.ordinal()][sg.ordinal()][en.ordinal()] =
              items.labelValues(tr.label(), sg.label(), en.label(), "accepted");
          rejected[tr.ordinal()][sg.ordinal()][en.ordinal()] =
              items.labelValues(tr.label(), sg.label(), en.label(), "rejected");
          refused[tr.ordinal()][sg.ordinal()][en.ordinal()] =
              items.labelValues(tr.label(), sg.label(), en.label(), "refused");
        }
      }
      for (Reason r : Reason.values()) {
        refusedRequests[tr.ordinal()][r.ordinal()] = requests.labelValues(tr.label(), r.label);
      }
    }
  }

  void ingested(Transport t, Signal s, Encoding e, IngestResult r) {
    if (r.accepted() > 0) {
      accepted[t.ordinal()][s.ordinal()][e.ordinal()].inc(r.accepted());
    }
    if (r.rejected() > 0) {
      rejected[t.ordinal()][s.ordinal()][e.ordinal()].inc(r.rejected());
    }
  }

  /** A request refused as a whole; {@code items} is 0 when it never decoded. */
  void refused(Transport t, Signal s, Encoding e, Reason reason, long items) {
    refusedRequests[t.ordinal()][reason.ordinal()].inc();
    if (items > 0 && s != null && e != null) {
      refused[t.ordinal()][s.ordinal()][e.ordinal()].inc(items);
    }
  }

  /** A request without the ingest token; its payload was never read. */
  void unauthorized(Transport t) {
    refusedRequests[t.ordinal()][Reason.UNAUTHORIZED.ordinal()].inc();
  }

  void latency(Transport t, Signal s, long nanos) {
    if (s != null) {
      latency[t.ordinal()][s.ordinal()].observe(nanos / 1e9);
    }
  }
}
