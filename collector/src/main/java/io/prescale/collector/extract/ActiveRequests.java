package io.prescale.collector.extract;

import io.prescale.core.FunctionKey;
import java.util.HashMap;
import java.util.Iterator;
import java.util.Map;
import java.util.function.Predicate;

/**
 * In-flight totals per function from {@code http.server.active_requests}: the latest value of each
 * stream (one per instance and attribute set), summed over the streams updated within the staleness
 * window. Bounded: at most 256 streams per function. Only the ingest thread uses it.
 */
final class ActiveRequests {
  private static final int MAX_STREAMS_PER_FUNCTION = 256;
  private final long staleNanos;
  private final Map<FunctionKey, Map<String, double[]>> byFunction = new HashMap<>();

  ActiveRequests(long staleNanos) {
    this.staleNanos = staleNanos;
  }

  /** Updates one stream and returns the function's in-flight total at {@code atNanos}. */
  double update(FunctionKey key, String stream, double value, long atNanos) {
    Map<String, double[]> streams = byFunction.computeIfAbsent(key, k -> new HashMap<>());
    double[] s = streams.get(stream);
    if (s == null) {
      if (streams.size() >= MAX_STREAMS_PER_FUNCTION) {
        dropStale(streams, Long.MAX_VALUE);
      }
      streams.put(stream, new double[] {value, atNanos});
    } else if (atNanos >= (long) s[1]) {
      s[0] = value;
      s[1] = atNanos;
    }
    double total = 0;
    for (Iterator<double[]> it = streams.values().iterator(); it.hasNext(); ) {
      double[] v = it.next();
      if ((long) v[1] < atNanos - staleNanos) {
        it.remove();
      } else {
        total += Math.max(0, v[0]);
      }
    }
    return total;
  }

  void retain(Predicate<FunctionKey> tracked) {
    byFunction.keySet().removeIf(k -> !tracked.test(k));
  }

  private static void dropStale(Map<String, double[]> streams, long unused) {
    String oldest = null;
    double oldestAt = Double.MAX_VALUE;
    for (Map.Entry<String, double[]> e : streams.entrySet()) {
      if (e.getValue()[1] < oldestAt) {
        oldestAt = e.getValue()[1];
        oldest = e.getKey();
      }
    }
    streams.remove(oldest);
  }
}
