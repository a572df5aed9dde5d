package io.prescale.collector.extract;

import io.opentelemetry.proto.metrics.v1.Metric;
import io.opentelemetry.proto.metrics.v1.ResourceMetrics;
import io.opentelemetry.proto.metrics.v1.ScopeMetrics;

/**
 * Knative Serving's queue-proxy (1.19 and later) over OTLP, as {@code knative.dev/serving}'s {@code
 * pkg/queue} reports it: {@code kn.serving.invocation.duration} (a cumulative histogram in seconds
 * of every request but probes, by {@code http.response.status_code}) and {@code
 * kn.serving.queue.depth} (an integer gauge of the requests in the pod, recorded as each arrives),
 * on a resource per pod ({@code k8s.namespace.name}, {@code k8s.pod.name}, {@code service.name},
 * {@code kn.service.name}, {@code kn.configuration.name}, {@code kn.revision.name}).
 *
 * <p>One pod is one instance; a container restarted in place (same pod) is not a new start. A pod
 * starts when its queue-proxy does, which is the start time of its cumulative streams: a pod's
 * first report counts one start (a cold start) when that start time is after this collector started
 * listening, so pods that were already running when Prescale (re)started are not counted; the
 * choice is kept in the {@link CumulativeTracker}, so it survives restarts with the snapshot.
 */
final class QueueProxyPods {
  static final String DURATION = "kn.serving.invocation.duration";
  static final String QUEUE_DEPTH = "kn.serving.queue.depth";
  static final String POD = "k8s.pod.name";
  private static final String START_STREAM = "\u0002kn.pod.start";

  private final CumulativeTracker cumulative;

  QueueProxyPods(CumulativeTracker cumulative) {
    this.cumulative = cumulative;
  }

  /**
   * Whether the resource's queue-proxy reports invocations: then its {@code
   * http.server.request.duration} (otelhttp's histogram of the same requests) must not count them
   * again.
   */
  static boolean reportsInvocations(ResourceMetrics rm) {
    for (ScopeMetrics sm : rm.getScopeMetricsList()) {
      for (Metric m : sm.getMetricsList()) {
        if (m.getName().equals(DURATION)) {
          return true;
        }
      }
    }
    return false;
  }

  /**
   * Whether this cumulative point is its pod's first report, of a pod that started (its point's
   * start time) while the collector listened. Later points of the pod never count again, whatever
   * their start times (an SDK may start each attribute set's stream at its first measurement).
   */
  boolean started(String resourceId, long startNanos) {
    String stream = resourceId + START_STREAM;
    long start = cumulative.tracks(stream) ? 0 : startNanos; // 0: no reset, no increase
    return startNanos > 0 && cumulative.sumDelta(stream, start, 1) >= 1;
  }
}
