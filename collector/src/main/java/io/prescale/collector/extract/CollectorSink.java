package io.prescale.collector.extract;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.collector.trace.v1.ExportTraceServiceRequest;
import io.prescale.collector.ingest.IngestResult;
import io.prescale.collector.ingest.TelemetrySink;
import io.prescale.collector.snapshot.SnapshotExtension;
import io.prescale.collector.window.FunctionStore;
import io.prescale.collector.window.WindowTargets;
import io.prescale.core.time.EpochNanos;
import io.prescale.core.time.TimeSource;
import java.io.DataInputStream;
import java.io.IOException;
import java.util.LinkedHashMap;
import java.util.Map;
import java.util.Objects;
import java.util.concurrent.CompletionStage;

/**
 * The collector's {@link TelemetrySink}: turns OTLP spans and metrics into per-function data in a
 * {@link FunctionStore}; spans win over metrics for a function that sends both ({@link
 * SourceArbiter}). Called from one ingest thread at a time; readers of the store and the counters
 * may run on other threads. What is extracted, rejections, maintenance and restarts: {@code
 * docs/collector.md}.
 */
public final class CollectorSink implements TelemetrySink {
  private final WindowTargets store;
  private final ExtractConfig config;
  private final Rejections rejections = new Rejections();
  private final SourceArbiter arbiter;
  private final SpanExtractor spans;
  private final MetricExtractor metrics;
  private final long maintenanceNanos;
  private static final long TRIM_NANOS = 5 * 60 * EpochNanos.PER_SECOND;
  private long lastMaintenance = Long.MIN_VALUE;
  private long lastTrim = Long.MIN_VALUE;

  /** Held by the ingest thread for each request, and while the state is copied or restored. */
  private final Object lock = new Object();

  /** Per calling thread: the flush of its last accept, until {@link #durable} takes it. */
  private final ThreadLocal<CompletionStage<Void>> pending = new ThreadLocal<>();

  private volatile long superseded;
  private volatile long supersededSpans;
  private volatile long evictedStreams;

  public CollectorSink(
      FunctionStore store, IdentityConfig identity, ExtractConfig config, TimeSource time) {
    this((WindowTargets) store, identity, config, time);
  }

  /**
   * A sink that writes through {@code targets}: in cluster mode, the producer that hands each
   * function's writes to the replica that owns it.
   */
  public CollectorSink(
      WindowTargets targets, IdentityConfig identity, ExtractConfig config, TimeSource time) {
    this.store = Objects.requireNonNull(targets, "targets");
    this.config = Objects.requireNonNull(config, "config");
    Objects.requireNonNull(identity, "identity");
    Objects.requireNonNull(time, "time");
    FunctionIdentity id = new FunctionIdentity(identity);
    this.arbiter = new SourceArbiter(config.spansWin().toNanos());
    this.spans = new SpanExtractor(store, id, config, rejections, arbiter);
    this.metrics = new MetricExtractor(store, id, config, rejections, arbiter, time.epochNanos());
    this.maintenanceNanos = config.maintenanceInterval().toNanos();
  }

  /** Default identity and extraction settings. */
  public CollectorSink(FunctionStore store, TimeSource time) {
    this(store, IdentityConfig.defaults(), ExtractConfig.defaults(), time);
  }

  /**
   * What the calling thread's last accept wrote, flushed inside the same lock (several threads call
   * the sink: the ingest thread, the scrapes, the pulled sources): null when it is stored.
   */
  @Override
  public CompletionStage<Void> durable() {
    CompletionStage<Void> d = pending.get();
    pending.remove();
    return d;
  }

  /** Where this sink writes: the store, or the cluster's producer. */
  public WindowTargets targets() {
    return store;
  }

  public ExtractConfig config() {
    return config;
  }

  @Override
  public IngestResult acceptTraces(ExportTraceServiceRequest request, long receivedNanos) {
    synchronized (lock) {
      maintain(receivedNanos);
      IngestResult r;
      try {
        r = spans.accept(request, receivedNanos);
      } finally {
        pending.set(store.flush());
      }
      supersededSpans = spans.superseded();
      return r;
    }
  }

  @Override
  public IngestResult acceptMetrics(ExportMetricsServiceRequest request, long receivedNanos) {
    synchronized (lock) {
      maintain(receivedNanos);
      IngestResult r;
      try {
        r = metrics.accept(request, receivedNanos);
      } finally {
        pending.set(store.flush());
      }
      superseded = metrics.superseded();
      evictedStreams = metrics.evictedStreams();
      return r;
    }
  }

  /**
   * The ingest state for {@link io.prescale.collector.window.WindowsSnapshot} (same file, same
   * atomic write): cumulative-metric baselines (at most {@link ExtractConfig#maxStreams()}) and
   * which functions count from spans or from {@code faas.*} metrics. It is copied under the ingest
   * lock before the windows are copied; restore it before ingest starts. At a graceful stop (ingest
   * drained) the two match exactly; after a crash, increases ingested while that periodic snapshot
   * copied the windows are in its windows and counted again by the next point (never lost).
   */
  public SnapshotExtension snapshotState() {
    return new SnapshotExtension() {
      @Override
      public byte[] capture() {
        synchronized (lock) {
          return IngestStateCodec.encode(metrics.cumulative(), arbiter, store.maxFunctions());
        }
      }

      @Override
      public Runnable read(DataInputStream in) throws IOException {
        return apply(IngestStateCodec.decode(in, config.maxStreams(), store.maxFunctions()));
      }

      @Override
      public Runnable readFormat4(DataInputStream in) throws IOException {
        return apply(IngestStateCodec.decodeFormat4(in, config.maxStreams(), store.maxFunctions()));
      }

      private Runnable apply(IngestStateCodec.Decoded d) {
        return () -> {
          synchronized (lock) {
            d.applyTo(metrics.cumulative(), arbiter);
          }
        };
      }
    };
  }

  /**
   * Items rejected since start, by reason label: {@code no_identity}, {@code future_timestamp},
   * {@code too_late}, {@code bad_interval}, {@code function_limit}. Thread-safe.
   */
  public Map<String, Long> rejectedByReason() {
    Map<String, Long> m = new LinkedHashMap<>();
    rejections.totals().forEach((r, n) -> m.put(r.label, n));
    return m;
  }

  /** Metric data points whose counts or durations were ignored because the function's spans win. */
  public long supersededDataPoints() {
    return superseded;
  }

  /**
   * A function's own invocation spans ignored because its platform reports its invocations (Lambda
   * platform reports; {@link SourceArbiter}).
   */
  public long supersededSpans() {
    return supersededSpans;
  }

  /** Cumulative metric streams forgotten because more than {@code maxStreams} were live. */
  public long evictedStreams() {
    return evictedStreams;
  }

  private void maintain(long now) {
    if (lastMaintenance != Long.MIN_VALUE && now - lastMaintenance < maintenanceNanos) {
      return;
    }
    lastMaintenance = now;
    if (lastTrim == Long.MIN_VALUE || now - lastTrim >= TRIM_NANOS) {
      lastTrim = now;
      store.maintain(now, true); // evicts and releases expired buckets: every window is locked once
    } else {
      store.maintain(now, false);
    }
    arbiter.retain(store::tracks, now);
    metrics.retain(store::tracks);
  }
}
