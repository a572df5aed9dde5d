package io.prescale.collector.extract;

import io.opentelemetry.proto.collector.metrics.v1.ExportMetricsServiceRequest;
import io.opentelemetry.proto.common.v1.KeyValue;
import io.opentelemetry.proto.metrics.v1.AggregationTemporality;
import io.opentelemetry.proto.metrics.v1.HistogramDataPoint;
import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.NumberDataPoint;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;
import io.prescale.collector.extract.Rejections.Reason;
import io.prescale.collector.ingest.IngestResult;
import io.prescale.collector.window.WindowTargets;
import io.prescale.collector.window.WindowWriter;
import io.prescale.core.FunctionKey;
import io.prescale.core.time.EpochNanos;
import java.util.HashMap;
import java.util.List;
import java.util.Map;
import java.util.function.Predicate;

/**
 * Metrics to counts, durations and concurrency samples: {@code faas.invocations} (successful),
 * {@code faas.errors}, {@code faas.coldstarts}, {@code faas.timeouts} (sums, delta or cumulative),
 * {@code faas.invoke_duration}, {@code faas.init_duration}, {@code http.server.request.duration}
 * and Knative's {@code kn.serving.invocation.duration} (histograms; the last also makes pods
 * instances and counts their starts, see {@link QueueProxyPods}) and {@code
 * http.server.active_requests} or {@code kn.serving.queue.depth} (in-flight). Arrivals are {@code
 * invocations + errors}. Which source counts is decided by {@link SourceArbiter}. Other metrics are
 * accepted and ignored. Points are validated like spans (identity, future skew, lateness) and
 * rejected with their reason; absurd or non-finite values are refused as {@code bad_value} ({@link
 * PointBounds}) before they reach a window.
 */
final class MetricExtractor {
  private final WindowTargets store;
  private final FunctionIdentity identity;
  private final ExtractConfig config;
  private final Rejections rejections;
  private final SourceArbiter arbiter;
  private final CumulativeTracker cumulative;
  private final ActiveRequests active;
  private final PlatformExtractor platform;
  private final QueueProxyPods pods;
  private long superseded;

  MetricExtractor(
      WindowTargets store,
      FunctionIdentity identity,
      ExtractConfig config,
      Rejections rejections,
      SourceArbiter arbiter,
      long collectorStartNanos) {
    this.store = store;
    this.identity = identity;
    this.config = config;
    this.rejections = rejections;
    this.arbiter = arbiter;
    this.cumulative = new CumulativeTracker(collectorStartNanos, config.maxStreams());
    this.active = new ActiveRequests(config.activeRequestsStale().toNanos());
    this.platform = new PlatformExtractor(cumulative, arbiter, config.maxStreams());
    this.pods = new QueueProxyPods(cumulative);
  }

  /** The per-request state threaded through the helpers. */
  private final class Batch implements PlatformExtractor.Points {
    final Rejections.Tally tally = rejections.tally();
    final long received;
    final long maxTime;
    final long minTime;
    long items;
    Map<String, String> resource;
    String resourceId;
    FunctionKey resourceKey;

    Batch(long received) {
      this.received = received;
      this.maxTime = received + config.futureSkew().toNanos();
      this.minTime = received - config.lateness().toNanos();
    }

    /** The function's windows after validating the point, or null (rejection counted). */
    WindowWriter windows(long time, List<KeyValue> attrs) {
      if (time > maxTime) {
        tally.add(Reason.FUTURE);
        return null;
      }
      if (time < minTime) {
        tally.add(Reason.TOO_LATE);
        return null;
      }
      FunctionKey key =
          identity.itemMayOverride(attrs) ? identity.resolve(attrs, resource) : resourceKey;
      if (key == null) {
        tally.add(Reason.NO_IDENTITY);
        return null;
      }
      return windows(time, key, resource);
    }

    @Override
    public WindowWriter windows(long time, FunctionKey key, Map<String, String> labels) {
      if (time > maxTime) {
        tally.add(Reason.FUTURE);
        return null;
      }
      if (time < minTime) {
        tally.add(Reason.TOO_LATE);
        return null;
      }
      WindowWriter w = store.writer(key, labels, received);
      if (w == null) {
        tally.add(Reason.FUNCTION_LIMIT);
      }
      return w;
    }

    @Override
    public void badValue(String detail) {
      tally.badValue(detail);
    }

    @Override
    public void tooLate() {
      tally.add(Reason.TOO_LATE);
    }

    @Override
    public void noIdentity() {
      tally.add(Reason.NO_IDENTITY);
    }

    @Override
    public long received() {
      return received;
    }

    @Override
    public boolean scraped() {
      return resource.containsKey(PlatformSeries.SCRAPE_SOURCE_ATTRIBUTE);
    }

    @Override
    public String stream(Metric m, List<KeyValue> attrs) {
      return MetricExtractor.stream(this, m, attrs);
    }
  }

  IngestResult accept(ExportMetricsServiceRequest request, long received) {
    Batch b = new Batch(received);
    for (ResourceMetrics rm : request.getResourceMetricsList()) {
      List<KeyValue> resourceAttrs = rm.getResource().getAttributesList();
      b.resource = Attributes.toMap(resourceAttrs);
      b.resourceId = Attributes.canonical(resourceAttrs);
      b.resourceKey = identity.resolve(List.of(), b.resource);
      if (b.resourceKey != null && QueueProxyPods.reportsInvocations(rm)) {
        arbiter.faasCountsSeen(b.resourceKey); // before its HTTP histogram, whatever the order
        arbiter.faasDurationsSeen(b.resourceKey);
      }
      for (ScopeMetrics sm : rm.getScopeMetricsList()) {
        for (Metric m : sm.getMetricsList()) {
          metric(b, m);
        }
      }
    }
    String message =
        b.tally.message(
            "data points",
            b.items,
            config.futureSkew().toString(),
            "lateness " + config.lateness());
    return new IngestResult(b.items - b.tally.rejected(), b.tally.rejected(), message);
  }

  /** Metric counts and durations ignored because the function's spans win. */
  long superseded() {
    return superseded + platform.superseded();
  }

  CumulativeTracker cumulative() {
    return cumulative;
  }

  long evictedStreams() {
    return cumulative.evicted();
  }

  void retain(Predicate<FunctionKey> tracked) {
    active.retain(tracked);
  }

  private void metric(Batch b, Metric m) {
    String name = m.getName();
    switch (name) {
      case "faas.invocations", "faas.errors", "faas.coldstarts", "faas.timeouts" -> counter(b, m);
      case "faas.invoke_duration",
          "faas.init_duration",
          "http.server.request.duration",
          QueueProxyPods.DURATION ->
          histogram(b, m);
      case "http.server.active_requests", QueueProxyPods.QUEUE_DEPTH -> activeRequests(b, m);
      case KNATIVE_PODS -> knativePods(b, m);
      default -> {
        PlatformSeries.Family f = PlatformSeries.family(name);
        b.items += f == null ? points(m) : platform.accept(b, m, f);
      }
    }
  }

  private void counter(Batch b, Metric m) {
    if (!m.hasSum()) {
      b.items += points(m);
      return;
    }
    boolean cumulativeSum =
        m.getSum().getAggregationTemporality()
            == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
    String name = m.getName();
    for (NumberDataPoint p : m.getSum().getDataPointsList()) {
      b.items++;
      double value = value(p);
      String bad =
          cumulativeSum
              ? PointBounds.cumulative(name, value)
              : PointBounds.count(name, value, p.getStartTimeUnixNano(), p.getTimeUnixNano());
      if (bad != null) {
        b.tally.badValue(bad);
        continue;
      }
      WindowWriter w = b.windows(p.getTimeUnixNano(), p.getAttributesList());
      if (w == null) {
        continue;
      }
      double delta =
          cumulativeSum
              ? cumulative.sumDelta(
                  stream(b, m, p.getAttributesList()), p.getStartTimeUnixNano(), value)
              : value;
      if (cumulativeSum
          && (bad =
                  PointBounds.count(
                      name + " increase", delta, p.getStartTimeUnixNano(), p.getTimeUnixNano()))
              != null) {
        b.tally.badValue(bad);
        continue;
      }
      FunctionKey key = w.function();
      if (m.getName().equals("faas.invocations") || m.getName().equals("faas.errors")) {
        arbiter.faasCountsSeen(key);
      }
      long n = Math.round(delta);
      if (n <= 0) {
        continue;
      }
      if (arbiter.spansWin(key, b.received)) {
        superseded++;
        continue;
      }
      boolean ok =
          switch (m.getName()) {
            case "faas.invocations" -> w.recordCounts(p.getTimeUnixNano(), n, 0, 0, 0);
            case "faas.errors" -> w.recordCounts(p.getTimeUnixNano(), n, n, 0, 0);
            case "faas.coldstarts" -> w.recordCounts(p.getTimeUnixNano(), 0, 0, n, 0);
            default -> w.recordCounts(p.getTimeUnixNano(), 0, 0, 0, n);
          };
      if (!ok) {
        b.tally.add(Reason.TOO_LATE);
      }
    }
  }

  private void histogram(Batch b, Metric m) {
    if (!m.hasHistogram()) {
      b.items += points(m);
      return;
    }
    String name = m.getName();
    double scale = unitScale(m.getUnit());
    boolean cumulativeHist =
        m.getHistogram().getAggregationTemporality()
            == AggregationTemporality.AGGREGATION_TEMPORALITY_CUMULATIVE;
    for (HistogramDataPoint p : m.getHistogram().getDataPointsList()) {
      b.items++;
      long maxCount = PointBounds.maxCount(p.getStartTimeUnixNano(), p.getTimeUnixNano());
      String bad = PointBounds.histogram(name, p, cumulativeHist ? Long.MAX_VALUE : maxCount);
      if (bad != null) {
        b.tally.badValue(bad);
        continue;
      }
      WindowWriter w = b.windows(p.getTimeUnixNano(), p.getAttributesList());
      if (w == null) {
        continue;
      }
      boolean knative = name.equals(QueueProxyPods.DURATION);
      if (knative) {
        queueProxyPod(b, w, p, cumulativeHist);
      }
      long count;
      double sum;
      long[] buckets;
      if (cumulativeHist) {
        CumulativeTracker.HistogramDelta d =
            cumulative.histogramDelta(
                stream(b, m, p.getAttributesList()),
                p.getStartTimeUnixNano(),
                p.getCount(),
                p.getSum(),
                p.getBucketCountsList());
        if (d == null) {
          continue;
        }
        count = d.count();
        sum = d.sum();
        buckets = d.buckets();
        if ((bad = PointBounds.increase(name, count, sum, buckets, maxCount)) != null) {
          b.tally.badValue(bad);
          continue;
        }
      } else {
        count = p.getCount();
        sum = p.getSum();
        buckets = p.getBucketCountsList().stream().mapToLong(Long::longValue).toArray();
      }
      FunctionKey key = w.function();
      long time = p.getTimeUnixNano();
      if (name.equals("faas.init_duration")) {
        addDurations(w, p, buckets, count, sum, scale, time, true);
        continue;
      }
      if (name.equals("faas.invoke_duration")) {
        arbiter.faasDurationsSeen(key);
      }
      if (count <= 0) {
        continue;
      }
      if (arbiter.spansWin(key, b.received)) {
        superseded++;
        continue;
      }
      boolean http = name.equals("http.server.request.duration");
      if (!http || !arbiter.hasFaasDurations(key)) {
        addDurations(w, p, buckets, count, sum, scale, time, false);
      }
      if ((http && !arbiter.hasFaasCounts(key)) || knative) {
        long status = Attributes.integer(p.getAttributesList(), "http.response.status_code", 0);
        if (!w.recordCounts(time, count, status >= 500 ? count : 0, 0, 0)) {
          b.tally.add(Reason.TOO_LATE);
        }
      }
    }
  }

  /** Knative's autoscaler: pods allocated to a revision now (Int64Gauge, per revision). */
  static final String KNATIVE_PODS = "kn.revision.pods.count";

  /** Most pods a {@value #KNATIVE_PODS} point may report; more is refused as a bad value. */
  static final long MAX_PODS = 1_000_000;

  /**
   * {@value #KNATIVE_PODS} points, the platform's own instance count, noted on the function {@code
   * <k8s.namespace.name>/<kn.service.name>} (else {@code kn.configuration.name}; the attributes of
   * the point, else of the resource): the key the Knative service's own spans get when their {@code
   * service.name} is the service's name.
   */
  private void knativePods(Batch b, Metric m) {
    if (!m.hasGauge()) {
      b.items += points(m);
      return;
    }
    for (NumberDataPoint p : m.getGauge().getDataPointsList()) {
      b.items++;
      double v = value(p);
      if (!(v >= 0 && v <= MAX_PODS) || v != Math.rint(v)) {
        b.tally.badValue(
            KNATIVE_PODS + " = " + v + ", must be a whole number in [0; " + MAX_PODS + "]");
        continue;
      }
      String ns = attr(b, p.getAttributesList(), "k8s.namespace.name");
      String svc = attr(b, p.getAttributesList(), "kn.service.name");
      if (svc == null) {
        svc = attr(b, p.getAttributesList(), "kn.configuration.name");
      }
      if (svc == null) {
        b.tally.add(Reason.NO_IDENTITY);
        continue;
      }
      String key = ns == null ? svc : ns + "/" + svc;
      if (key.length() > FunctionKey.MAX_LENGTH) {
        b.tally.add(Reason.NO_IDENTITY);
        continue;
      }
      long time = p.getTimeUnixNano();
      if (time > b.maxTime) {
        b.tally.add(Reason.FUTURE);
        continue;
      }
      Map<String, String> labels = new HashMap<>();
      labels.put("k8s.namespace.name", ns == null ? "" : ns);
      labels.put("kn.service.name", svc);
      WindowWriter w = store.writer(new FunctionKey(key), labels, b.received);
      if (w == null) {
        b.tally.add(Reason.FUNCTION_LIMIT);
        continue;
      }
      w.recordPlatformInstances((long) v, time);
    }
  }

  private static String attr(Batch b, List<KeyValue> attrs, String key) {
    String v = Attributes.string(attrs, key);
    if (v == null) {
      v = b.resource.get(key);
    }
    return v == null || v.isBlank() ? null : v;
  }

  private void activeRequests(Batch b, Metric m) {
    List<NumberDataPoint> pts =
        m.hasSum()
            ? m.getSum().getDataPointsList()
            : m.hasGauge() ? m.getGauge().getDataPointsList() : null;
    if (pts == null) {
      b.items += points(m);
      return;
    }
    for (NumberDataPoint p : pts) {
      b.items++;
      WindowWriter w = b.windows(p.getTimeUnixNano(), p.getAttributesList());
      if (w == null) {
        continue;
      }
      if (m.getName().equals(QueueProxyPods.QUEUE_DEPTH)) {
        w.recordInstance(b.resource.get(QueueProxyPods.POD), p.getTimeUnixNano(), false);
      }
      double total =
          active.update(
              w.function(), stream(b, m, p.getAttributesList()), value(p), p.getTimeUnixNano());
      if (!w.recordConcurrency(EpochNanos.second(p.getTimeUnixNano()), total)) {
        b.tally.add(Reason.TOO_LATE);
      }
    }
  }

  /**
   * A queue-proxy point: its pod is an instance of the function, and the pod's first report since
   * it started counts one cold start, at the pod's start (or the lateness limit, if older); unless
   * the function's spans win.
   */
  private void queueProxyPod(
      Batch b, WindowWriter w, HistogramDataPoint p, boolean cumulativeHist) {
    w.recordInstance(b.resource.get(QueueProxyPods.POD), p.getTimeUnixNano(), false);
    if (!cumulativeHist || !pods.started(b.resourceId, p.getStartTimeUnixNano())) {
      return;
    }
    if (arbiter.spansWin(w.function(), b.received)) {
      superseded++;
      return;
    }
    long at = Math.min(p.getTimeUnixNano(), Math.max(p.getStartTimeUnixNano(), b.minTime));
    if (!w.recordCounts(at, 0, 0, 1, 0)) {
      b.tally.add(Reason.TOO_LATE);
    }
  }

  /**
   * Durations from histogram buckets: each bucket's count at a representative value: the mean
   * ({@code sum / count}) when only one bucket holds values, else the bucket's midpoint (the first
   * bucket's upper bound halved, the overflow bucket's lower bound), clamped into the point's [min,
   * max] when the point carries them.
   */
  static void addDurations(
      WindowWriter w,
      HistogramDataPoint p,
      long[] buckets,
      long count,
      double sum,
      double scale,
      long time,
      boolean init) {
    List<Double> bounds = p.getExplicitBoundsList();
    int nonEmpty = 0;
    for (long c : buckets) {
      nonEmpty += c > 0 ? 1 : 0;
    }
    if (buckets.length == 0 || buckets.length != bounds.size() + 1 || nonEmpty == 1) {
      if (count > 0) {
        record(w, clamp(p, sum / count) * scale, count, time, init);
      }
      return;
    }
    for (int i = 0; i < buckets.length; i++) {
      long c = buckets[i];
      if (c <= 0) {
        continue;
      }
      double v;
      if (i == 0) {
        v = bounds.get(0) / 2;
      } else if (i == bounds.size()) {
        v = bounds.get(i - 1);
      } else {
        v = (bounds.get(i - 1) + bounds.get(i)) / 2;
      }
      record(w, clamp(p, v) * scale, c, time, init);
    }
  }

  private static double clamp(HistogramDataPoint p, double v) {
    double x = v;
    if (p.hasMin()) {
      x = Math.max(x, p.getMin());
    }
    if (p.hasMax()) {
      x = Math.min(x, p.getMax());
    }
    return Math.max(0, x);
  }

  private static void record(WindowWriter w, double seconds, long count, long time, boolean init) {
    if (init) {
      w.recordInitDurations(seconds, count, time);
    } else {
      w.recordDurations(seconds, count, time);
    }
  }

  private static double unitScale(String unit) {
    return switch (unit) {
      case "ms" -> 1e-3;
      case "us" -> 1e-6;
      case "ns" -> 1e-9;
      default -> 1;
    };
  }

  private static double value(NumberDataPoint p) {
    return p.getValueCase() == NumberDataPoint.ValueCase.AS_INT ? p.getAsInt() : p.getAsDouble();
  }

  private static String stream(Batch b, Metric m, List<KeyValue> attrs) {
    return b.resourceId + '\u0002' + m.getName() + '\u0002' + Attributes.canonical(attrs);
  }

  static long points(Metric m) {
    return switch (m.getDataCase()) {
      case GAUGE -> m.getGauge().getDataPointsCount();
      case SUM -> m.getSum().getDataPointsCount();
      case HISTOGRAM -> m.getHistogram().getDataPointsCount();
      case EXPONENTIAL_HISTOGRAM -> m.getExponentialHistogram().getDataPointsCount();
      case SUMMARY -> m.getSummary().getDataPointsCount();
      default -> 0;
    };
  }
}
